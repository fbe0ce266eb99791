"""The review SLAs and the auto-action threshold, read at run time."""

import datetime
import os
from dataclasses import dataclass


def _seconds(name: str, default: datetime.timedelta) -> datetime.timedelta:
    raw = os.environ.get(name)
    return datetime.timedelta(seconds=int(raw)) if raw else default


@dataclass
class Settings:
    # wait_for_event timeouts: whole seconds, at least 1 s, timedelta (not "4h").
    review_sla: datetime.timedelta = _seconds("MODERATION_REVIEW_SLA_S", datetime.timedelta(hours=4))
    escalation_sla: datetime.timedelta = _seconds("MODERATION_ESCALATION_SLA_S", datetime.timedelta(hours=1))
    auto_action_confidence: float = 0.95


settings = Settings()
