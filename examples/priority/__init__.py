"""Run priority: when runs compete for a concurrency slot, a higher Priority(run=...) factor starts first."""
