"""Grading: run a candidate project against a real Inngest server and check what it does."""
