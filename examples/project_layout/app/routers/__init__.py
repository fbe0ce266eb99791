"""HTTP endpoints. They never run workflow code: they send events."""
