"""Assessment flows: which sections, questions and options a deployment asks, as configuration."""
