"""Concurrency limits: a global cap, a cap per account, and both at once; excess runs wait, none is dropped."""
