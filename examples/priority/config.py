"""Queue settings. Registration config: read at import and sent to the server on sync.

Priority(run=expr) is a CEL expression over `event` that must evaluate to an
integer number of seconds, clamped to -43200..43200 (+/-12 h). Positive: the run
starts ahead of runs queued up to that many seconds before it; this matters
only when runs wait, e.g. behind a concurrency limit. Negative: each of the
run's steps is scheduled that many seconds later, even on an idle queue.
"""

import os
from dataclasses import dataclass


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


@dataclass
class Settings:
    # One triage agent: tickets are handled one at a time.
    triage_slots: int = _int("PRIORITY_TRIAGE_SLOTS", 1)
    # The warehouse runs one backfill at a time.
    backfill_slots: int = _int("PRIORITY_BACKFILL_SLOTS", 1)


settings = Settings()
