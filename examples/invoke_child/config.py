"""Durations and limits, read at run time so tests can shorten them."""

import datetime
import os
from dataclasses import dataclass


def _seconds(name: str, default: datetime.timedelta) -> datetime.timedelta:
    raw = os.environ.get(name)
    return datetime.timedelta(seconds=int(raw)) if raw else default


@dataclass
class Settings:
    # How long the parent waits for one section to render. An invoke timeout is
    # a timedelta or an int of *milliseconds* (never a string like "5m").
    section_timeout: datetime.timedelta = _seconds("REPORT_SECTION_TIMEOUT_S", datetime.timedelta(minutes=5))
    # How long the (fake) market-data source takes before a section can render.
    slow_source_delay: datetime.timedelta = _seconds("REPORT_SLOW_SOURCE_DELAY_S", datetime.timedelta(minutes=10))


settings = Settings()
