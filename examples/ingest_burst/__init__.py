"""A burst of events into a concurrency-limited function: queued, never dropped, never run twice."""
