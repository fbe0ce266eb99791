"""Debounce timing.

Flow-control options (debounce, batching, singleton, timeouts...) are part of a
function's registration: the server reads them when the app syncs, so they are
read once, when functions.py is imported, not at run time. Change them with the
environment variables below (or settings before import) and redeploy/resync.
"""

import datetime
import os
from dataclasses import dataclass


def _seconds(name: str, default: datetime.timedelta) -> datetime.timedelta:
    raw = os.environ.get(name)
    return datetime.timedelta(seconds=int(raw)) if raw else default


@dataclass
class Settings:
    # Re-index once a document has had no edit for this long (min 1 s, max 7 days).
    reindex_quiet_period: datetime.timedelta = _seconds("SEARCH_REINDEX_QUIET_PERIOD_S", datetime.timedelta(minutes=5))
    # ...but never later than this after the first edit of a burst, even if edits keep coming.
    reindex_max_delay: datetime.timedelta = _seconds("SEARCH_REINDEX_MAX_DELAY_S", datetime.timedelta(minutes=30))


settings = Settings()
