"""Mistake: duration strings ("1d", "7d") passed to step.sleep and wait_for_event in Python."""
