"""The waiting list and the check-ins while people wait."""
