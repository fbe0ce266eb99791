"""Ticket storage in SQLite, connected lazily: importing this module opens nothing.

sqlite3 calls block, so they run in a worker thread (asyncio.to_thread); each
call opens its own connection in that thread and closes it. A connection made
at import would belong to the importing thread, and sqlite3 refuses to use it
from another one.
"""

import asyncio
import contextlib
import sqlite3
from collections import Counter

from .config import settings

ledger: Counter = Counter()  # (ticket_id, action) -> calls; ("*", "connect") -> connections opened

_SCHEMA = "CREATE TABLE IF NOT EXISTS tickets (id TEXT PRIMARY KEY, subject TEXT NOT NULL, status TEXT NOT NULL)"


# --8<-- [start:lazy_connection]
@contextlib.contextmanager
def connect():
    """A connection for the current thread, created now (not at import) from current settings."""
    ledger[("*", "connect")] += 1
    conn = sqlite3.connect(settings.db_path)
    try:
        conn.execute(_SCHEMA)
        with conn:  # commit on success, roll back on error
            yield conn
    finally:
        conn.close()


def _save_ticket(ticket_id: str, subject: str) -> dict:
    with connect() as db:
        # INSERT OR IGNORE: a retried step (or a replayed event) does not duplicate the row.
        db.execute("INSERT OR IGNORE INTO tickets (id, subject, status) VALUES (?, ?, 'open')", (ticket_id, subject))
    return {"ticket_id": ticket_id}


async def save_ticket(ticket_id: str, subject: str) -> dict:
    ledger[(ticket_id, "save-ticket")] += 1
    return await asyncio.to_thread(_save_ticket, ticket_id, subject)
# --8<-- [end:lazy_connection]


def _count_open() -> int:
    with connect() as db:
        return db.execute("SELECT COUNT(*) FROM tickets WHERE status = 'open'").fetchone()[0]


async def count_open_tickets(ticket_id: str) -> int:
    ledger[(ticket_id, "count-open-tickets")] += 1
    return await asyncio.to_thread(_count_open)
