"""A bounded agent loop (think -> call a tool -> observe) with one step per LLM call and per tool call."""
