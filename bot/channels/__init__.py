"""Custom Rasa input channels for Twilio (SMS now; WhatsApp and voice build on the same core)."""
