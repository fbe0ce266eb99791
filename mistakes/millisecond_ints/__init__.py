"""Mistake: integers passed as durations meaning seconds; the Python SDK reads them as milliseconds."""
