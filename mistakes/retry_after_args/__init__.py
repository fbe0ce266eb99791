"""Seed form RetryAfterError("1h", "Rate limited ...") swaps the arguments of this SDK's constructor."""
