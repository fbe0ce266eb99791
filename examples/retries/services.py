"""Stand-ins for a flaky report source and a warehouse.

`fail_next(report_id, action, times)` makes the next `times` calls of an action
for one report raise, the way a real API has a bad minute. Every call, failed or
not, is recorded with the attempt number the step saw (`ctx.attempt`).
"""

import time
from collections import Counter

ledger: Counter = Counter()  # (report_id, action) -> calls, failed ones included
calls: list[dict] = []  # {"report_id", "action", "attempt", "ok", "at"} in call order
_failures_left: Counter = Counter()  # (report_id, action) -> calls still to fail


class SourceUnavailable(Exception):
    """The outside system had a transient problem; trying again later may work."""


def fail_next(report_id: str, action: str, times: int) -> None:
    _failures_left[(report_id, action)] = times


def _call(report_id: str, action: str, attempt: int) -> None:
    ledger[(report_id, action)] += 1
    failing = _failures_left[(report_id, action)] > 0
    calls.append({"report_id": report_id, "action": action, "attempt": attempt, "ok": not failing, "at": time.time()})
    if failing:
        _failures_left[(report_id, action)] -= 1
        raise SourceUnavailable(f"{action} for {report_id}: upstream answered 503")


async def fetch_report(report_id: str, attempt: int) -> dict:
    _call(report_id, "fetch", attempt)
    return {"report_id": report_id, "rows": 3}


async def store_report(report_id: str, rows: int, attempt: int) -> dict:
    _call(report_id, "store", attempt)
    return {"stored": rows}
