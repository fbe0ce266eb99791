"""Stand-ins for the warehouse, the card provider and the mailer, writing to a SQLite ledger.

Every call is logged in `calls` (one row per attempt, before anything happens);
every side effect in `effects`. A side effect with an idempotency key is stored
with INSERT OR IGNORE on that key, as a provider honouring an Idempotency-Key
would; one without a key is a plain INSERT (an email sent is sent).

Each call waits `provider_latency_s` before acting (the request travels) and
again after (the answer travels back): a crash in the first half leaves no
effect, a crash in the second half leaves the effect without the step result.
"""

import asyncio
import contextlib
import os
import sqlite3
import time

from .config import settings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL, action TEXT NOT NULL,
    attempt INTEGER NOT NULL, pid INTEGER NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS effects (
    id INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL, action TEXT NOT NULL,
    idempotency_key TEXT UNIQUE, detail TEXT, pid INTEGER NOT NULL, at REAL NOT NULL);
"""


@contextlib.contextmanager
def connect():
    conn = sqlite3.connect(settings.ledger_path, timeout=30)
    try:
        conn.executescript(_SCHEMA)
        with conn:
            yield conn
    finally:
        conn.close()


def _log_call(order_id: str, action: str, attempt: int) -> None:
    with connect() as db:
        db.execute(
            "INSERT INTO calls (order_id, action, attempt, pid, at) VALUES (?, ?, ?, ?, ?)",
            (order_id, action, attempt, os.getpid(), time.time()),
        )


def _write_effect(order_id: str, action: str, detail: str, idempotency_key: str | None) -> int:
    with connect() as db:
        verb = "INSERT OR IGNORE" if idempotency_key is not None else "INSERT"
        cur = db.execute(
            f"{verb} INTO effects (order_id, action, idempotency_key, detail, pid, at) VALUES (?, ?, ?, ?, ?, ?)",
            (order_id, action, idempotency_key, detail, os.getpid(), time.time()),
        )
        return cur.rowcount  # 0: the key was seen before, nothing new happened


async def _call(order_id: str, action: str, attempt: int, detail: str, idempotency_key: str | None) -> bool:
    await asyncio.to_thread(_log_call, order_id, action, attempt)
    await asyncio.sleep(settings.provider_latency_s)  # the request travels
    created = await asyncio.to_thread(_write_effect, order_id, action, detail, idempotency_key)
    await asyncio.sleep(settings.provider_latency_s)  # the answer travels back
    return created == 1


# --8<-- [start:keyed_side_effects]
async def reserve_stock(order_id: str, sku: str, attempt: int) -> dict:
    await _call(order_id, "reserve-stock", attempt, sku, idempotency_key=f"order-{order_id}-reserve")
    return {"reserved": sku}


async def charge_card(order_id: str, amount_cents: int, attempt: int) -> dict:
    # The key comes from the order, never from the attempt or the clock: a step
    # re-run after a crash sends the same key and the provider does not charge again.
    fresh = await _call(order_id, "charge-card", attempt, str(amount_cents), idempotency_key=f"order-{order_id}-charge")
    return {"charge_id": f"ch-{order_id}", "amount_cents": amount_cents, "replayed": not fresh}
# --8<-- [end:keyed_side_effects]


async def send_receipt(order_id: str, email: str, attempt: int) -> dict:
    # No key: a mailer cannot tell a re-sent receipt from a new one.
    await _call(order_id, "send-receipt", attempt, email, idempotency_key=None)
    return {"receipt_to": email}


def rows(table: str, order_id: str) -> list[dict]:
    """The ledger rows of one order, oldest first (read by tests and by ops)."""
    with connect() as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute(f"SELECT * FROM {table} WHERE order_id = ? ORDER BY id", (order_id,))]
