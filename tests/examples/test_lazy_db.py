"""examples/lazy_db: the database is opened inside the step, never at import."""

import asyncio
import os
import sqlite3
import subprocess
import sys

import pytest

from checks.catalog import REPO
from inngest_kit.api import unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def tickets_app(serve_example):
    return serve_example("lazy_db")


@pytest.fixture
def db_path(tickets_app, tmp_path, monkeypatch):
    path = tmp_path / "tickets.sqlite3"
    monkeypatch.setattr(tickets_app.module.settings, "db_path", str(path))
    return path


def test_importing_the_app_does_not_touch_the_database(tmp_path):
    """A fresh interpreter imports the whole app (client, functions, FastAPI, serve): no DB file appears."""
    path = tmp_path / "never.sqlite3"
    env = {**os.environ, "TICKETS_DB_PATH": str(path), "INNGEST_DEV": "1"}
    code = (
        "import sys, sqlite3\n"
        "opened = []\n"
        "real = sqlite3.connect\n"
        "sqlite3.connect = lambda *a, **k: opened.append(a) or real(*a, **k)\n"
        "import examples.lazy_db.main as m\n"
        "assert m.settings.db_path == sys.argv[1], m.settings.db_path\n"
        "print(len(opened))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path)], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "0"  # sqlite3.connect was never called
    assert not path.exists()


def test_workflow_connects_when_the_step_runs(tickets_app, inngest_api, db_path):
    ticket_id = unique("tkt")
    assert not db_path.exists()  # settings changed after import, and still honoured: read at run time
    resp = tickets_app.http.post(f"/tickets/{ticket_id}", json={"subject": "printer on fire"})
    run = inngest_api.run_for_event(resp.json()["event_ids"][0])

    done = inngest_api.wait_for_run(run.id)
    assert done.output == {"ticket_id": ticket_id, "open_tickets": 1}
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT id, subject, status FROM tickets").fetchall()
    assert rows == [(ticket_id, "printer on fire", "open")]
    assert tickets_app.services.ledger[(ticket_id, "save-ticket")] == 1


def test_a_connection_made_in_one_thread_fails_in_another(tmp_path):
    """Why not one module-level connection: the importing thread owns it, and the
    steps' blocking DB calls run in asyncio.to_thread workers. sqlite3 refuses."""
    shared = sqlite3.connect(tmp_path / "shared.sqlite3")  # what "connect at import" does

    async def use_in_worker_thread():
        return await asyncio.to_thread(shared.execute, "SELECT 1")

    with pytest.raises(sqlite3.ProgrammingError, match="created in a thread can only be used in that same thread"):
        asyncio.run(use_in_worker_thread())
    shared.close()
