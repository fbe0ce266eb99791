"""Skip the test server's retry back-off instead of waiting it out.

The kit's dev server runs with `--retry-interval 1`: after a failed attempt the server
requeues the run's item with its attempt count + 1, due 1 s later (label "retry back-off"
in inngest_kit.timeskip). `skip_retries` waits for each of those, asserts the due time the
server scheduled (1 s after a moment it brackets), and makes it due now. The attempts
themselves (how many, with which ctx.attempt, what failed) stay the tests' claims."""

from __future__ import annotations

import datetime
import json
import time

from inngest_kit.timeskip import NoPendingTimer, Timer, TimeSkipper

RETRY_INTERVAL = datetime.timedelta(seconds=1)  # the dev server's --retry-interval (inngest_kit.server)
_MS = datetime.timedelta(milliseconds=1)  # due times are whole milliseconds


def attempt_of(timer: Timer) -> int:
    """The attempt a retry timer will make (0-based: the first retry is attempt 1)."""
    return int(json.loads(timer.raw)["data"].get("atts", 0))


def _utc(ts: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(ts, datetime.UTC)


def skip_retries(skipper: TimeSkipper, run_id: str, count: int, *, since: float,
                 after: datetime.timedelta = RETRY_INTERVAL, timeout_s: float = 30.0) -> list[Timer]:
    """Skip the run's next `count` retries, each asserted due `after` from its failure.

    `since`: an epoch time before the first of those failures (e.g. taken before the
    event was sent). Each later failure happened after the previous retry was made due.
    Every failure happened before the test saw its timer, so each due time must lie in
    [that moment + after, seen + after]. Returns the retries as the server scheduled them,
    in order; raises if one does not come within `timeout_s`.

    A retry already running when it is seen is taken by a worker and no longer listed;
    one the server ran on its own just before the move (only if the test stalled for the
    whole interval) is accepted once its due time has passed, never earlier."""
    scheduled: list[Timer] = []
    deadline = time.monotonic() + timeout_s
    handled: set[tuple[str, int]] = set()  # (item, attempt): a failed retry requeues the same item
    while len(scheduled) < count:
        retries = [t for t in skipper.pending(run_id)
                   if t.label == "retry back-off" and (t.item_id, attempt_of(t)) not in handled]
        if not retries:
            if time.monotonic() > deadline:
                raise NoPendingTimer(f"run {run_id}: retry {len(scheduled) + 1} of {count} was not scheduled "
                                     f"within {timeout_s} s; pending: {skipper.pending(run_id) or 'none'}")
            time.sleep(0.02)
            continue
        timer = retries[0]
        seen = time.time()
        low, high = _utc(since) + after - _MS, _utc(seen) + after + _MS
        assert low <= timer.due <= high, (
            f"retry (attempt {attempt_of(timer)}) due {timer.due}, expected {after} after a failure "
            f"in [{_utc(since)}, {_utc(seen)}]")
        since = time.time()
        try:
            skipper.move(timer, skipper.now_ms())
        except NoPendingTimer:
            if time.time() < timer.due.timestamp():
                raise
            since = min(since, timer.due.timestamp())  # it ran on its own, at its due time
        scheduled.append(timer)
        handled.add((timer.item_id, attempt_of(timer)))
    return scheduled
