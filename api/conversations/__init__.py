"""Rasa's conversation stores as the API reaches them: sealed, erased, re-keyed."""
