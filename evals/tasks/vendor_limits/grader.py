"""Grades vendor_limits: pushes in flight per tenant stay under the limit, tenants independent, none dropped."""

import time

from evals.grading.framework import Grader
from evals.grading.kit import unique

LIMIT = 2
EVENT = "vendor/sync.requested"
PUSH_S = 1.5


def max_in_flight(entries: list[dict]) -> int:
    """Most pushes running at one moment, from start/end records."""
    edges = sorted((e["t"], 1 if e["kind"] == "push_start" else -1) for e in entries)
    peak = level = 0
    for _, step in sorted(edges, key=lambda x: (x[0], x[1])):  # an end before a start at the same instant
        level += step
        peak = max(peak, level)
    return peak


def grade(g: Grader) -> None:
    g.start_app({"VENDOR_MAX_IN_FLIGHT": str(LIMIT)})
    big, small, quoted = unique("tenant-big"), unique("tenant-small"), unique("tenant-\"o'q\"")
    big_accounts = [unique("acct") for _ in range(8)]
    quoted_accounts = [unique("acct") for _ in range(3)]
    small_accounts = [unique("acct") for _ in range(2)]
    events = [{"name": EVENT, "data": {"tenant_id": big, "account_id": a}} for a in big_accounts]
    events += [{"name": EVENT, "data": {"tenant_id": quoted, "account_id": a}} for a in quoted_accounts]
    ids = g.api.send_many(events)
    time.sleep(0.3)  # the big backlog is queued before the small tenant asks
    small_sent = time.time()
    ids += g.api.send_many([{"name": EVENT, "data": {"tenant_id": small, "account_id": a}} for a in small_accounts])
    every = big_accounts + quoted_accounts + small_accounts

    with g.check("every sync completes (none dropped)"):
        outputs = [g.api.complete(i, timeout_s=40).output for i in ids]
        assert outputs == [{"account_id": a, "pushed": True} for a in every], outputs

    def pushes(tenant: str) -> list[dict]:
        return g.ledger("push_start", tenant=tenant) + g.ledger("push_end", tenant=tenant)

    with g.check("never more than VENDOR_MAX_IN_FLIGHT pushes in flight per tenant"):
        peaks = {t: max_in_flight(pushes(t)) for t in (big, quoted, small)}
        assert max(peaks.values()) <= LIMIT, f"peak in flight per tenant: {list(peaks.values())}"
    with g.check("the limit is used, not a queue of one"):
        assert max_in_flight(pushes(big)) == LIMIT, f"peak {max_in_flight(pushes(big))} for a backlog of 8"
    with g.check("a tenant is not held up by another tenant's backlog"):
        # On its own limit it starts at once; behind a shared limit it waits for most of the backlog.
        first_small = min(e["t"] for e in g.ledger("push_start", tenant=small))
        big_starts = sorted(e["t"] for e in g.ledger("push_start", tenant=big))
        assert first_small < big_starts[4], (
            f"the small tenant's first push started {first_small - small_sent:.1f} s after it was requested, "
            f"after {sum(t < first_small for t in big_starts)} of the big tenant's 8 pushes")
    with g.check("tenant ids with quotes get their own limit"):
        assert max_in_flight(pushes(quoted)) == LIMIT, f"peak {max_in_flight(pushes(quoted))} for the quoted tenant"
        assert len(g.ledger("push_end", tenant=quoted)) == 3
