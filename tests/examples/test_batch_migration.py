"""examples/batch_migration: batches as steps with cursor ids; continue-as-new under the step limit."""

from contextlib import contextmanager

import httpx
import pytest

from inngest_kit.api import assert_step_names, step_named, unique

pytestmark = pytest.mark.integration


SLUG = "record-migration-migrate-records"


@pytest.fixture(scope="module")
def migration_app(serve_example):
    return serve_example("batch_migration")


@pytest.fixture
def small_batches(migration_app, monkeypatch):
    """10 rows per batch, 3 batches per run (production: 500 and 100)."""
    monkeypatch.setattr(migration_app.module.settings, "batch_size", 10)
    monkeypatch.setattr(migration_app.module.settings, "batches_per_run", 3)
    return migration_app.module.settings


def legacy_table(app, rows: int) -> str:
    name = unique("customers")
    app.services.legacy_tables[name] = [{"id": f"c{i:04d}", "email": f"User{i}@Example.com"} for i in range(rows)]
    return name


def start(app, table: str) -> tuple[str, str]:
    resp = app.http.post("/migrations", json={"table": table})
    assert resp.status_code == 202, resp.text
    return resp.json()["migration_id"], resp.json()["event_ids"][0]


@contextmanager
def step_limit(api, slug: str, limit: int):
    """Lower the dev server's per-function step limit (default 1,000) for the duration.

    `POST /fn/step-limit` with form fields functionId (the function's UUID) and
    limit; `DELETE /fn/step-limit?functionId=` restores the default. `inngest start`
    has it too, behind its signing key."""
    function_id = api.function_id(slug)
    with httpx.Client(base_url=api.base_url, headers=api.auth_headers, timeout=10) as http:
        resp = http.post("/fn/step-limit", data={"functionId": function_id, "limit": str(limit)})
        assert resp.status_code == 200, resp.text
        try:
            yield
        finally:
            http.delete("/fn/step-limit", params={"functionId": function_id})


def run_chain(api, event_id: str, timeout_s: float = 40) -> list:
    """Follow the continue-as-new chain: each run's continue step output holds the next event's id."""
    runs = []
    while True:
        run = api.complete(event_id, timeout_s=timeout_s)
        runs.append(run)
        if run.output["status"] != "continued":
            return runs
        step = next(s for s in api.steps(run.id) if s.name.startswith("continue-from-"))
        (event_id,) = api.step_output(step).data


def assert_migrated_once(app, migration_id: str, table: str) -> None:
    rows = app.services.legacy_tables[table]
    assert sorted(app.services.target[migration_id]) == [r["id"] for r in rows]
    assert all(app.services.writes[(migration_id, r["id"])] == 1 for r in rows)


def test_a_large_table_migrates_as_a_chain_of_runs(migration_app, inngest_api, small_batches):
    table = legacy_table(migration_app, 75)  # 8 batches of 10: runs of 3 + 3 + 2
    migration_id, event_id = start(migration_app, table)

    runs = run_chain(inngest_api, event_id)
    assert [r.output for r in runs] == [
        {"migration_id": migration_id, "status": "continued", "run_number": 1, "next_cursor": 30},
        {"migration_id": migration_id, "status": "continued", "run_number": 2, "next_cursor": 60},
        {"migration_id": migration_id, "status": "completed", "run_number": 3, "rows": 75},
    ]
    assert_step_names(inngest_api, runs[1].id, ["copy-batch-30", "copy-batch-40", "copy-batch-50", "continue-from-60"])
    assert_step_names(inngest_api, runs[2].id, ["copy-batch-60", "copy-batch-70", "finalize"])
    ledger = migration_app.services.ledger
    assert all(ledger[(migration_id, f"copy-batch-{c}")] == 1 for c in range(0, 80, 10))
    assert_migrated_once(migration_app, migration_id, table)


def test_one_run_over_the_step_limit_fails(migration_app, inngest_api, small_batches):
    small_batches.batches_per_run = 10  # the whole table in one run: 8 batches + finalize = 9 steps
    table = legacy_table(migration_app, 75)
    with step_limit(inngest_api, SLUG, 5):
        migration_id, event_id = start(migration_app, table)
        run = inngest_api.run_for_event(event_id)
        failed = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=30)

    assert failed.output == {
        "error": {
            "error": "function has too many steps",
            "name": "InngestErrFunctionOverflowed",
            "message": "The function run exceeded the step limit of 5 steps.",
        }
    }
    # Five steps ran, then the run was stopped without retries.
    assert_step_names(inngest_api, run.id, [f"copy-batch-{c}" for c in range(0, 50, 10)])
    assert migration_app.services.ledger[(migration_id, "copy-batch-50")] == 0
    assert migration_app.services.ledger[(migration_id, "finalize")] == 0


def test_a_run_may_use_one_step_less_than_the_limit(migration_app, inngest_api, small_batches):
    """The check runs before each call to the app: after the limit-th step, the call
    that would only return fails. Here: 3 batches + 1 continue step = 4 steps."""
    table = legacy_table(migration_app, 75)
    with step_limit(inngest_api, SLUG, 4):
        migration_id, event_id = start(migration_app, table)
        run = inngest_api.run_for_event(event_id)
        failed = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=30)
    assert failed.output["error"]["message"] == "The function run exceeded the step limit of 4 steps."
    assert_step_names(inngest_api, run.id, ["copy-batch-0", "copy-batch-10", "copy-batch-20", "continue-from-30"])


def test_continue_as_new_completes_under_the_same_limit(migration_app, inngest_api, small_batches):
    table = legacy_table(migration_app, 75)
    with step_limit(inngest_api, SLUG, 5):  # each run takes at most 4 steps
        migration_id, event_id = start(migration_app, table)
        runs = run_chain(inngest_api, event_id)
    assert [r.output["status"] for r in runs] == ["continued", "continued", "completed"]
    assert runs[-1].output["rows"] == 75
    assert_migrated_once(migration_app, migration_id, table)


@pytest.mark.wait_floor(1)  # one retry, 1 s retry interval
def test_a_failed_batch_is_retried_without_redoing_finished_batches(migration_app, inngest_api, small_batches):
    table = legacy_table(migration_app, 75)
    migration_id = unique("mig_flaky")
    migration_app.services.faults[(migration_id, "copy-batch-20")] = 1  # the third batch fails once
    event_id = inngest_api.send("migration/started", {"migration_id": migration_id, "table": table})

    runs = run_chain(inngest_api, event_id)
    assert runs[-1].output["status"] == "completed"
    batch = step_named(inngest_api, runs[0].id, "copy-batch-20")
    assert batch.attempts == 1  # retried once (attempts count from 0)
    ledger = migration_app.services.ledger
    # The retry replayed batches 0 and 10 from memory: each was copied once.
    assert [ledger[(migration_id, f"copy-batch-{c}")] for c in (0, 10, 20)] == [1, 1, 1]
    assert_migrated_once(migration_app, migration_id, table)
