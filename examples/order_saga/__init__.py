"""Saga: compensate completed steps in reverse order, correctly for every kind of step failure."""
