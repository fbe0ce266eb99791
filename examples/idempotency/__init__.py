"""Idempotency: one charge per order (function idempotency key), one receipt per event id."""
