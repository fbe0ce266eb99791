"""Rate-limit settings. These are *registration* config: read when functions.py
is imported and sent to the server on sync (a change needs a redeploy and re-sync).

How the server applies RateLimit(limit=L, period=P) (a GCRA limiter, measured in
tests/examples/test_rate_limit.py): for each key, 1 + L // 10 events are admitted
at once, then one more every P / L. The rest are dropped: no run, no retry later.
"""

import datetime
import os
from dataclasses import dataclass


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


@dataclass
class Settings:
    # One low-stock alert per SKU per hour, however many stock updates arrive.
    alerts_per_sku: int = _int("RATE_LIMIT_ALERTS_PER_SKU", 1)
    alert_period: datetime.timedelta = datetime.timedelta(minutes=_int("RATE_LIMIT_ALERT_PERIOD_MIN", 60))
    # Dashboard refreshes: "10 a minute" per user is one every 6 s (plus 1 extra at once).
    refreshes_per_user: int = _int("RATE_LIMIT_REFRESHES_PER_USER", 10)
    refresh_period: datetime.timedelta = datetime.timedelta(seconds=_int("RATE_LIMIT_REFRESH_PERIOD_S", 60))


settings = Settings()
