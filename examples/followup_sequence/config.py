"""Sequence timing. Defaults are production values; tests override them with seconds."""

import datetime
import os
from dataclasses import dataclass


def _seconds(name: str, default: datetime.timedelta) -> datetime.timedelta:
    raw = os.environ.get(name)
    return datetime.timedelta(seconds=int(raw)) if raw else default


@dataclass
class Settings:
    # step.sleep takes a timedelta (or integer *milliseconds*); the server
    # rounds Python sleeps to whole seconds.
    first_delay: datetime.timedelta = _seconds("FOLLOWUP_FIRST_DELAY_S", datetime.timedelta(days=3))
    second_delay: datetime.timedelta = _seconds("FOLLOWUP_SECOND_DELAY_S", datetime.timedelta(days=7))


settings = Settings()
