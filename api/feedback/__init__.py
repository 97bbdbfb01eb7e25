"""Feedback against person-centred I statements."""
