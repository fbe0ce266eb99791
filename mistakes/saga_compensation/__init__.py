"""Seed saga (000 "### Saga Pattern with Compensation"): a NonRetriableError step re-runs on every replay."""
