"""Drip campaign: a timed email sequence cancelled by any of several events."""
