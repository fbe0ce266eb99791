"""An idempotency key made fresh on every attempt protects nothing: a retried charge charges twice."""
