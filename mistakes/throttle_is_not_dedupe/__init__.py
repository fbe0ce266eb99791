"""Mistake: using a throttle to "dedupe" inbound messages."""
