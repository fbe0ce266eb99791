"""Debounce: re-index a document once its edits go quiet, with the last edit's data."""
