"""One function on several event triggers, branching on ctx.event.name; a trigger expression that filters events."""
