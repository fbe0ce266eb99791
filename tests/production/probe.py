"""Serving tests/production/stack_app.py to a Stack, and reading the ledger it writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from inngest_kit.production import ProductionProcess
from inngest_kit.stack import Stack

REPO = Path(__file__).resolve().parents[2]
APP = "tests.production.stack_app:app"
APP_ID = "stack-probe"
SLUGS = {f"{APP_ID}-{fn}" for fn in ("sleeper", "waiter", "retrier", "debounced", "burst")}

def serve_probe(stack: Stack, ledger: Path, **env: str) -> ProductionProcess:
    """stack_app in cloud mode: signed calls, the stack's event key, registered with instance 0."""
    api = stack.api()
    proc = ProductionProcess(APP, api, SLUGS, cwd=str(REPO), pythonpath=[str(REPO)],
                             env={**stack.app_env(), "STACK_LEDGER": str(ledger), **env})
    proc.env["INNGEST_SERVE_ORIGIN"] = proc.url
    try:
        return proc.start(timeout_s=90)  # a loaded CI machine can take a while to import the app
    except BaseException:
        proc.kill()  # start() raises with the process still running
        raise


def ledger_rows(ledger: Path, key: str | None = None, step: str | None = None) -> list[tuple]:
    """(key, step, attempt, started, ended, run_id) rows the app wrote, oldest first."""
    if not ledger.exists():
        return []
    conn = sqlite3.connect(ledger, timeout=30)
    try:
        query, args = "SELECT key, step, attempt, started, ended, run_id FROM steps WHERE 1=1", []
        if key is not None:
            query, args = query + " AND key = ?", [*args, key]
        if step is not None:
            query, args = query + " AND step = ?", [*args, step]
        return conn.execute(query + " ORDER BY started", args).fetchall()
    except sqlite3.OperationalError:
        return []  # the app has not created the table yet
    finally:
        conn.close()
