"""The development outbox: a Twilio-compatible REST endpoint on loopback for messages we start.

In development without a real Twilio account (settings.in_use), bot/outbound.py posts one-time
codes, reminders and check-ins here exactly as it would to api.twilio.com; `make chat` shows them.
Messages are kept in memory only. Production never uses it.
"""
