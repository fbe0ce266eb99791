"""A parent function composes child functions with step.invoke / step.invoke_by_id: results, timeouts, failures."""
