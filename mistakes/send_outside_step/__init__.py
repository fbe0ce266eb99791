"""Mistake: inngest_client.send() in a function body instead of step.send_event."""
