"""Messaging: contact preferences, delivery status, one-time codes."""
