"""Language: offered languages, guessing one, keywords in every language."""
