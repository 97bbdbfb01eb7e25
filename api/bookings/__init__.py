"""Bookings: slots, matching, booking, reminders, erasure; provider and bot APIs."""
