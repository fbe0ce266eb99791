"""Rate limit: events over the limit start no run at all; a key gives each value its own limit."""
