"""Mistake: treating rate_limit as the new name of throttle."""
