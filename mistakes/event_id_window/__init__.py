"""The seed's 24-hour window for event-id and idempotency-key deduplication (confirmed)."""
