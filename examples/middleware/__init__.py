"""A client middleware that times each step and stamps outgoing events with their origin."""
