"""How long one carrier's rate API takes to answer (simulated)."""

import datetime
import os
from dataclasses import dataclass


def _seconds(name: str, default: datetime.timedelta) -> datetime.timedelta:
    raw = os.environ.get(name)
    return datetime.timedelta(seconds=float(raw)) if raw else default


@dataclass
class Settings:
    carrier_latency: datetime.timedelta = _seconds("CARRIER_LATENCY_S", datetime.timedelta(seconds=1))


settings = Settings()
