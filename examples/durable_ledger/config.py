"""Where the ledger lives and how long things take. Production values by default;
environment variables override them when the process starts (a killed and
restarted process reads the same ones)."""

import datetime
import os
from dataclasses import dataclass


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw else default


def _seconds(name: str, default: datetime.timedelta) -> datetime.timedelta:
    raw = os.environ.get(name)
    return datetime.timedelta(seconds=int(raw)) if raw else default


@dataclass
class Settings:
    # A file, not memory: what a killed process wrote is still there after a restart.
    ledger_path: str = os.environ.get("DURABLE_LEDGER_PATH", "durable-ledger.sqlite3")
    # Network latency of each outside call, each way (request, then response).
    provider_latency_s: float = _float("DURABLE_LEDGER_LATENCY_S", 0.0)
    # Between charging and sending the receipt the order may still be cancelled.
    cooling_off: datetime.timedelta = _seconds("DURABLE_LEDGER_COOLING_OFF_S", datetime.timedelta(minutes=30))


settings = Settings()
