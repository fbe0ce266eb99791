"""The readings store: a SQLite table with one row per store call, timed.

No UNIQUE constraint on purpose: the table records every call, so a duplicate
run or a repeated step would show up as a second row for a reading.
"""

import asyncio
import contextlib
import sqlite3
import time
from collections import Counter

from .config import settings

ledger: Counter = Counter()  # (reading_id, action) -> count, in this process

_SCHEMA = """CREATE TABLE IF NOT EXISTS readings (
    id INTEGER PRIMARY KEY AUTOINCREMENT, reading_id TEXT NOT NULL, sensor TEXT NOT NULL,
    started REAL NOT NULL, ended REAL NOT NULL)"""


@contextlib.contextmanager
def connect():
    conn = sqlite3.connect(settings.ledger_path, timeout=30)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(_SCHEMA)
        with conn:
            yield conn
    finally:
        conn.close()


def _insert(reading_id: str, sensor: str, started: float) -> None:
    with connect() as db:
        db.execute(
            "INSERT INTO readings (reading_id, sensor, started, ended) VALUES (?, ?, ?, ?)",
            (reading_id, sensor, started, time.time()),
        )


async def store_reading(reading_id: str, sensor: str) -> dict:
    started = time.time()
    ledger[(reading_id, "store-reading")] += 1
    await asyncio.sleep(settings.work_ms / 1000)  # the downstream call
    await asyncio.to_thread(_insert, reading_id, sensor, started)
    return {"reading_id": reading_id, "stored": True}
