"""Seed 003 anti-pattern 5: a try/except around the whole handler, measured."""
