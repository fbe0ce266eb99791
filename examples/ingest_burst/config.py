"""Limits and the ledger's location. Env vars override the defaults at start-up."""

import os
from dataclasses import dataclass


@dataclass
class Settings:
    # At most this many store steps run at once, however many events arrive.
    # Read when the function is declared (at import): a limit is part of its registration.
    slots: int = int(os.environ.get("INGEST_SLOTS", "10"))
    # Work per reading (the downstream write, parsing, ...), in milliseconds.
    work_ms: int = int(os.environ.get("INGEST_WORK_MS", "20"))
    ledger_path: str = os.environ.get("INGEST_LEDGER_PATH", "readings.sqlite3")


settings = Settings()
