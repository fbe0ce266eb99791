"""Seeds import the error classes from inngest.errors, a module this SDK does not have."""
