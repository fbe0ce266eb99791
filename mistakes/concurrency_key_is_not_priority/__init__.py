"""Mistake: a concurrency key on event.data.priority taken for priority queues."""
