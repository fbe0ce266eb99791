"""Probes that sit inside the SDK (as Inngest middleware) to observe what the
server alone cannot show: how many times the function handler was called."""

from __future__ import annotations

from collections import Counter

import inngest


def count_handler_calls(client: inngest.Inngest) -> Counter:
    """Install a middleware on `client` that counts handler calls per run id.

    Every request the server sends for a run calls the handler from the top
    (the SDK replays finished steps from stored results), so this counts
    replays. Returns the live Counter: run_id -> calls so far.
    """
    calls: Counter = Counter()

    class HandlerCallCounter(inngest.Middleware):
        async def transform_input(self, ctx, function, steps) -> None:  # noqa: ANN001 (SDK hook)
            calls[ctx.run_id] += 1

    client.add_middleware(HandlerCallCounter)
    return calls
