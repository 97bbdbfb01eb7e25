"""Retention: what is kept how long, and the daily job that deletes the rest."""
