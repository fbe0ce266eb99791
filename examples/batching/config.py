"""Batch size and window.

Batching is part of the function's registration (read when the app syncs), so
these values are read once, when functions.py is imported. Override them with
the environment variables below and resync.
"""

import datetime
import os
from dataclasses import dataclass


def _seconds(name: str, default: datetime.timedelta) -> datetime.timedelta:
    raw = os.environ.get(name)
    return datetime.timedelta(seconds=int(raw)) if raw else default


@dataclass
class Settings:
    # A batch starts as soon as it holds this many events (at least 2)...
    batch_max_size: int = int(os.environ.get("PAGEVIEW_BATCH_MAX_SIZE", "100"))
    # ...or this long after its first event, with whatever it holds (at least 1 s).
    batch_window: datetime.timedelta = _seconds("PAGEVIEW_BATCH_WINDOW_S", datetime.timedelta(seconds=30))


settings = Settings()
