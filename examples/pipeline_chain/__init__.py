"""A chain of functions linked by events: each stage sends the next stage's event with step.send_event."""
