"""RetryAfterError: retry a rate-limited call no sooner than the API asked."""
