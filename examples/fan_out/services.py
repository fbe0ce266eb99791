"""Stand-ins for the image resizer and the owner's inbox, plus the batch progress store.

The store is a real SQLite file: the count check that decides "this worker was
the last one" is one transaction, so two workers finishing at the same moment
cannot both (or neither) see the batch complete.
"""

import json
import sqlite3
from collections import Counter
from contextlib import closing

from .config import settings

ledger: Counter = Counter()  # (batch_id or item_id, action) -> count

_SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (batch_id TEXT PRIMARY KEY, total INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS batch_items (
    batch_id TEXT NOT NULL, item_id TEXT NOT NULL, result TEXT NOT NULL,
    PRIMARY KEY (batch_id, item_id)
);
"""


def _connect() -> sqlite3.Connection:
    conn = sqlite3.connect(settings.db_path, timeout=30, isolation_level=None)
    conn.executescript(_SCHEMA)
    return conn


async def resize(item: dict) -> dict:
    ledger[(item["id"], "resize")] += 1
    return {"id": item["id"], "thumbnail": f"{item['url']}?w=200"}


async def register_batch(batch_id: str, total: int) -> dict:
    ledger[(batch_id, "register")] += 1
    with closing(_connect()) as conn:
        conn.execute("INSERT OR IGNORE INTO batches (batch_id, total) VALUES (?, ?)", (batch_id, total))
    return {"batch_id": batch_id, "total": total}


# --8<-- [start:record_completion]
async def record_completion(batch_id: str, item_id: str, result: dict) -> dict:
    """Record one finished item and return how many are done, atomically.

    BEGIN IMMEDIATE takes the write lock before reading, so the insert and the
    count are one step for every concurrent worker. INSERT OR IGNORE makes a
    retried worker count once."""
    ledger[(batch_id, "record-completion")] += 1
    conn = _connect()
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT OR IGNORE INTO batch_items (batch_id, item_id, result) VALUES (?, ?, ?)",
            (batch_id, item_id, json.dumps(result)),
        )
        (done,) = conn.execute("SELECT count(*) FROM batch_items WHERE batch_id = ?", (batch_id,)).fetchone()
        (total,) = conn.execute("SELECT total FROM batches WHERE batch_id = ?", (batch_id,)).fetchone()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    return {"done": done, "total": total}
# --8<-- [end:record_completion]


async def collect_results(batch_id: str) -> list[dict]:
    ledger[(batch_id, "collect-results")] += 1
    with closing(_connect()) as conn:
        rows = conn.execute(
            "SELECT result FROM batch_items WHERE batch_id = ? ORDER BY item_id", (batch_id,)
        ).fetchall()
    return [json.loads(r) for (r,) in rows]


async def notify_owner(batch_id: str, count: int) -> dict:
    ledger[(batch_id, "notify-owner")] += 1
    return {"notified": True, "items": count}
