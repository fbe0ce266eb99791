"""Client configuration that cannot silently run in dev mode in production."""
