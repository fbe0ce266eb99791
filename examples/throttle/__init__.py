"""Throttle: runs over the limit wait for capacity and start later, spread over the period; none is dropped."""
