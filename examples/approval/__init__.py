"""Human-in-the-loop expense approval: wait for a decision event, escalate when none comes."""
