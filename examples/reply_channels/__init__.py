"""Wait for a lead's reply on any channel: every webhook emits one normalized event, one wait catches it."""
