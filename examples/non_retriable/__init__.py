"""NonRetriableError: a permanent failure ends the run after one attempt, from a step or from the handler."""
