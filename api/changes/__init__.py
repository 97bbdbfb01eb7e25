"""The changes feed and the webhooks that push it to providers."""
