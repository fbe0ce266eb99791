"""Mistake: a whole-dataset loop in one run with a checkpoint step after every batch."""
