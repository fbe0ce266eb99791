"""Validate event data with a pydantic model; bad data fails the run once, with the reason, and is never retried."""
