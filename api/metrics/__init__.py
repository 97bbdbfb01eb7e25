"""Equity metrics and their dashboard."""
