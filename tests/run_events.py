"""The server's lifecycle events for a run, as proof of what can still follow it.

When the server finalizes a run it emits inngest/function.finished and, for a failed
run, inngest/function.failed in the same moment (same ts; measured on the pinned
server). An on_failure handler is a function triggered by inngest/function.failed
(inngest/_internal/function.py, the on_failure config's trigger). So once the finished
event of a run is listed, its failed events say how many failure-handler runs there can
ever be: no quiet window needed."""

from __future__ import annotations

import time


def failed_events_once_finished(api, run_id: str, since: str, timeout_s: float = 20.0) -> list[dict]:
    """The server's inngest/function.failed events for this run, read once its
    inngest/function.finished event is listed (`since`: RFC 3339, before the run started)."""
    deadline = time.monotonic() + timeout_s
    while not [e for e in api.events("inngest/function.finished", since=since, internal=True)
               if e["data"].get("run_id") == run_id]:
        assert time.monotonic() < deadline, f"no inngest/function.finished event for run {run_id}"
        time.sleep(0.1)
    return [e for e in api.events("inngest/function.failed", since=since, internal=True)
            if e["data"].get("run_id") == run_id]
