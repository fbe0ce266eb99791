"""Open the database inside the step that needs it, never at import."""
