"""Custom Rasa input channels for Twilio: SMS, WhatsApp and voice over one shared core."""
