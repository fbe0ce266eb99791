"""Mistake: a request value interpolated into if_exp lets a crafted value match other customers' events."""
