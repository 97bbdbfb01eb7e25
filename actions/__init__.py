"""Front Door's custom actions, served by rasa-sdk's action server (`rasa run actions`)."""
