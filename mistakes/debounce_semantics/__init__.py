"""The seed's reading of debounce as "runs once per document per 5 minutes"."""
