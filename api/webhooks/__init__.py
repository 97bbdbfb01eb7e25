"""Webhook subscriptions: URL checks, signatures and delivery with retries."""
