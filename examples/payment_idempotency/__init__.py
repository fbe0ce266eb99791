"""An Idempotency-Key derived from stable data, so a retried charge step never charges twice."""
