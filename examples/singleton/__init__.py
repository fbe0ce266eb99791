"""Singleton: one active run per key; a new event is skipped, or replaces the active run."""
