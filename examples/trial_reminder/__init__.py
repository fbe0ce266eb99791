"""Sleep until a moment computed from event data: remind a trial user N days before the trial ends."""
