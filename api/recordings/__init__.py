"""Recorded voice prompts: per spoken text per language, governed like translations."""
