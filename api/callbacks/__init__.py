"""The call-back queue: a person asked to be rung; staff claim and close it."""
