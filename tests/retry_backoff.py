"""Skip the test server's retry back-off instead of waiting it out, where the queue allows.

The kit's dev server runs with `--retry-interval 1`: after a failed attempt the server
requeues the run's item with its attempt count + 1, due 1 s later (label "retry back-off"
in inngest_kit.timeskip). `skip_retries` finds each of those, asserts the due time the
server scheduled (1 s after a moment it brackets), and makes it due now.

A 1 s back-off is inside the queue scanner's look-ahead: a worker often leases the item
within 10-500 ms of the requeue and then holds it in memory until its due time, and a
leased item cannot be moved (inngest_kit.timeskip, "What it cannot move"). Such a retry is
still found and its due time asserted; it then runs on its own at that time (at most the
1 s interval of real time). The attempts themselves stay the tests' claims."""

from __future__ import annotations

import datetime
import time

from inngest_kit.timeskip import NoPendingTimer, Timer, TimeSkipper, UnmovableTimer

RETRY_INTERVAL = datetime.timedelta(seconds=1)  # the dev server's --retry-interval (inngest_kit.server)
_MS = datetime.timedelta(milliseconds=1)  # due times are whole milliseconds


def attempt_of(timer: Timer) -> int:
    """The attempt a retry timer will make (0-based: the first retry is attempt 1)."""
    return timer.attempt


def _utc(ts: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(ts, datetime.UTC)


def retries_not_due(skipper: TimeSkipper, run_id: str) -> list[tuple[Timer, bool]]:
    """The run's retry back-offs not yet due, earliest first, each with whether a worker holds
    it already (TimeSkipper.pending(include_leased=True): a held item cannot be moved)."""
    return [(t, t.leased) for t in skipper.pending(run_id, include_leased=True) if t.label == "retry back-off"]


def skip_retries(skipper: TimeSkipper, run_id: str, count: int, *, since: float,
                 after: datetime.timedelta = RETRY_INTERVAL, timeout_s: float = 30.0) -> list[Timer]:
    """The run's next `count` retries, each asserted due `after` from its failure, and made
    due now unless a worker already holds it (then it runs at that due time).

    `since`: an epoch time before the first of those failures (e.g. taken before the
    event was sent). Each later failure happened after the previous retry ran (no earlier
    than it was made due, or than its due time). Every failure happened before the test
    saw its retry, so each due time must lie in [that moment + after, seen + after].
    Returns the retries as the server scheduled them, in order; raises if one is not
    found within `timeout_s`."""
    scheduled: list[Timer] = []
    held = 0
    handled: set[tuple[str, int]] = set()  # (item, attempt): a failed retry requeues the same item
    deadline = time.monotonic() + timeout_s
    while len(scheduled) < count:
        retries = [(t, leased) for t, leased in retries_not_due(skipper, run_id)
                   if (t.item_id, attempt_of(t)) not in handled]
        if not retries:
            if time.monotonic() > deadline:
                raise NoPendingTimer(f"run {run_id}: retry {len(scheduled) + 1} of {count} was not found "
                                     f"within {timeout_s} s; pending: {skipper.pending(run_id) or 'none'}")
            time.sleep(0.01)
            continue
        timer, leased = retries[0]
        seen = time.time()
        low, high = _utc(since) + after - _MS, _utc(seen) + after + _MS
        assert low <= timer.due <= high, (
            f"retry (attempt {attempt_of(timer)}) due {timer.due}, expected {after} after a failure "
            f"in [{_utc(since)}, {_utc(seen)}]")
        since = timer.due.timestamp() - 0.001  # a held retry runs at its due time
        held += leased
        if not leased:
            moved_at = time.time()
            try:
                skipper.move(timer, skipper.now_ms())
                since = moved_at
            except (NoPendingTimer, UnmovableTimer):
                held += 1  # a worker took it meanwhile: it runs at its due time
        scheduled.append(timer)
        handled.add((timer.item_id, attempt_of(timer)))
    print(f"run {run_id}: {count} retries, {count - held} skipped, {held} held by a worker (ran at their due time)")
    return scheduled
