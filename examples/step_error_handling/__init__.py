"""Catch inngest.StepError after a step's retries are exhausted and finish the run with a fallback step."""
