"""Mistake: waiting for each reply channel in turn (email, then phone) instead of one wait for any channel."""
