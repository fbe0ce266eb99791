"""Batching: load page-view events into the warehouse in batches, one account per batch."""
