"""A checkpointed batch migration that continues in a new run every K batches (continue-as-new)."""
