"""How long before the end of a trial the reminder goes out. Production default: 3 days."""

import datetime
import os
from dataclasses import dataclass


def _seconds(name: str, default: datetime.timedelta) -> datetime.timedelta:
    raw = os.environ.get(name)
    return datetime.timedelta(seconds=int(raw)) if raw else default


@dataclass
class Settings:
    remind_before: datetime.timedelta = _seconds("TRIAL_REMIND_BEFORE_S", datetime.timedelta(days=3))


settings = Settings()
