"""Function timeouts.

Timeouts are part of the function's registration (read when the app syncs), so
they are read once, when functions.py is imported. Override them with the
environment variables below and resync.
"""

import datetime
import os
from dataclasses import dataclass


def _seconds(name: str, default: datetime.timedelta) -> datetime.timedelta:
    raw = os.environ.get(name)
    return datetime.timedelta(seconds=int(raw)) if raw else default


@dataclass
class Settings:
    # An export that has not finished this long after it started is cancelled.
    export_finish_timeout: datetime.timedelta = _seconds("EXPORT_FINISH_TIMEOUT_S", datetime.timedelta(minutes=15))
    # A PDF job that could not start this long after its event is cancelled (the user asks again).
    pdf_start_timeout: datetime.timedelta = _seconds("EXPORT_PDF_START_TIMEOUT_S", datetime.timedelta(minutes=10))


settings = Settings()
