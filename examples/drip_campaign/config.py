"""Sequence timing (read at run time). Defaults are production values."""

import datetime
import os
from dataclasses import dataclass


def _seconds(name: str, default: datetime.timedelta) -> datetime.timedelta:
    raw = os.environ.get(name)
    return datetime.timedelta(seconds=int(raw)) if raw else default


@dataclass
class Settings:
    tips_delay: datetime.timedelta = _seconds("DRIP_TIPS_DELAY_S", datetime.timedelta(days=2))
    offer_delay: datetime.timedelta = _seconds("DRIP_OFFER_DELAY_S", datetime.timedelta(days=5))


settings = Settings()
