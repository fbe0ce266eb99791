"""Throttle settings. These are *registration* config: read when functions.py is
imported and sent to the server on sync (a change needs a redeploy and re-sync).

How the server applies Throttle(limit=L, period=P, burst=B) (measured, see
tests/examples/test_throttle.py): the first L + B runs for a key start at once,
then one more every P / L. Runs over the limit wait; none is dropped.
The period has whole-second granularity.
"""

import datetime
import os
from dataclasses import dataclass


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


@dataclass
class Settings:
    # The partner CRM accepts one contact write per second per workspace.
    contact_writes: int = _int("THROTTLE_CONTACT_WRITES", 1)
    contact_period: datetime.timedelta = datetime.timedelta(seconds=_int("THROTTLE_CONTACT_PERIOD_S", 1))
    # Workspace digests may go out in a short burst of 3, then one every 2 s.
    digest_sends: int = _int("THROTTLE_DIGEST_SENDS", 1)
    digest_period: datetime.timedelta = datetime.timedelta(seconds=_int("THROTTLE_DIGEST_PERIOD_S", 2))
    digest_burst: int = _int("THROTTLE_DIGEST_BURST", 2)


settings = Settings()
