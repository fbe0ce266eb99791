"""A non-async Inngest function (ContextSync) with parallel steps, started from a sync FastAPI endpoint."""
