"""Content moderation: auto-action at high confidence, else a human review queue with SLA, escalation and manual fallback."""
