"""Mistake: fan-in by waiting for a completion event that may come before the wait starts."""
