"""Stand-in for a rate-limited CRM API that says how long to back off (like an HTTP 429 + Retry-After)."""

import datetime
import time
from collections import Counter

ledger: Counter = Counter()  # (contact_id, action) -> calls
calls: list[dict] = []  # {"contact_id", "attempt", "ok", "at"}
_limits: dict[str, list[datetime.timedelta | None]] = {}  # contact_id -> planned answers


class RateLimited(Exception):
    def __init__(self, retry_after: datetime.timedelta) -> None:
        super().__init__(f"429 Too Many Requests, retry after {retry_after.total_seconds():g} s")
        self.retry_after = retry_after


class CrmUnavailable(Exception):
    """A 503 with no hint: retried with the normal backoff."""


def rate_limit_next(contact_id: str, *retry_afters: datetime.timedelta | None) -> None:
    """Plan the next answers for one contact: a timedelta = 429 with that Retry-After, None = 503."""
    _limits[contact_id] = list(retry_afters)


async def push_contact(contact_id: str, email: str, attempt: int) -> dict:
    ledger[(contact_id, "push-contact")] += 1
    planned = _limits.get(contact_id) or []
    answer = planned.pop(0) if planned else "ok"
    calls.append({"contact_id": contact_id, "attempt": attempt, "ok": answer == "ok", "at": time.time()})
    if answer is None:
        raise CrmUnavailable("503 Service Unavailable")
    if isinstance(answer, datetime.timedelta):
        raise RateLimited(answer)
    return {"crm_id": f"crm-{contact_id}", "email": email}
