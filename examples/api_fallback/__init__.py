"""External API with a fallback value: fall back at once on permanent errors, retry transient ones first."""
