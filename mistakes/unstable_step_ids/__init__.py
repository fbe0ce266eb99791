"""Mistake: step ids built from time or randomness, so a replay never finds the stored result."""
