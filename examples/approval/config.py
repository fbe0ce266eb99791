"""Durations live in settings, not in code: production uses the defaults, the
tests run the very same functions with 1-2 second values."""

import datetime
import os
from dataclasses import dataclass


def _seconds(name: str, default: datetime.timedelta) -> datetime.timedelta:
    raw = os.environ.get(name)
    return datetime.timedelta(seconds=int(raw)) if raw else default


@dataclass
class Settings:
    # How long an approver has to decide before the expense is escalated.
    # wait_for_event timeouts must be whole seconds and at least 1 s.
    decision_timeout: datetime.timedelta = _seconds("APPROVAL_DECISION_TIMEOUT_S", datetime.timedelta(hours=48))


settings = Settings()
