"""A step started inside another step's handler."""
