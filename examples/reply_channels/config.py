"""How long to wait for a reply. Production default: 2 days; tests use seconds."""

import datetime
import os
from dataclasses import dataclass


def _seconds(name: str, default: datetime.timedelta) -> datetime.timedelta:
    raw = os.environ.get(name)
    return datetime.timedelta(seconds=int(raw)) if raw else default


@dataclass
class Settings:
    # wait_for_event timeouts must be whole seconds and at least 1 s.
    reply_timeout: datetime.timedelta = _seconds("REPLY_TIMEOUT_S", datetime.timedelta(days=2))


settings = Settings()
