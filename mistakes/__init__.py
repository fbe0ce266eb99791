"""Runnable forms of the mistakes the usual guidance teaches; tests show each one failing."""
