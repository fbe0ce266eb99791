"""Seed "Checkpoint Pattern": a loop over the whole dataset in one run with a checkpoint step per batch.
Server: memoization already checkpoints; the loop hits the step limit; a manual resume redoes a batch."""

from contextlib import contextmanager

import httpx
import pytest

from inngest_kit.api import settled_steps, step_named, unique

pytestmark = pytest.mark.integration


SLUG = "mistake-checkpoint-loop-migrate-large-dataset"
START = "mistake-checkpoint/migration.start"


@pytest.fixture
def seed_form(serve_example, monkeypatch):
    served = serve_example("mistakes.checkpoint_loop")
    monkeypatch.setattr(served.module.settings, "batch_size", 10)
    return served


@contextmanager
def step_limit(api, slug: str, limit: int):
    """Lower the dev server's per-function step limit: POST /fn/step-limit (form: functionId, limit)."""
    function_id = api.function_id(slug)
    with httpx.Client(base_url=api.base_url, headers=api.auth_headers, timeout=10) as http:
        resp = http.post("/fn/step-limit", data={"functionId": function_id, "limit": str(limit)})
        assert resp.status_code == 200, resp.text
        try:
            yield
        finally:
            http.delete("/fn/step-limit", params={"functionId": function_id})


def new_migration(module, total: int) -> str:
    migration_id = unique("mig")
    module.progress_store[migration_id] = {"offset": 0, "total": total}
    return migration_id


def test_the_loop_takes_two_steps_per_batch_and_fails_at_the_step_limit(
    seed_form, serve_example, inngest_api, monkeypatch
):
    module = seed_form.module
    migration_id = new_migration(module, total=100)  # 10 batches: 1 + 2 x 10 = 21 steps in one run
    with step_limit(inngest_api, SLUG, 10):
        run = inngest_api.run_for_event(inngest_api.send(START, {"migration_id": migration_id}))
        failed = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=30)
    assert failed.output["error"]["name"] == "InngestErrFunctionOverflowed"
    names = [s.name for s in settled_steps(inngest_api, run.id, 10)]
    assert names[:5] == ["get-progress", "process-batch-0", "checkpoint-10", "process-batch-10", "checkpoint-20"]
    assert len(names) == 10  # half of them checkpoints: only 5 of 10 batches got done
    assert module.ledger[(migration_id, "process-batch-50")] == 0

    # The right form, under the same limit, moves the same 10 batches in bounded runs.
    right = serve_example("batch_migration")
    monkeypatch.setattr(right.module.settings, "batch_size", 10)
    monkeypatch.setattr(right.module.settings, "batches_per_run", 5)
    table = unique("accounts")
    right.services.legacy_tables[table] = [{"id": f"a{i:03d}", "email": f"a{i}@x.io"} for i in range(100)]
    right_id = unique("mig_right")
    with step_limit(inngest_api, "record-migration-migrate-records", 10):
        first = inngest_api.complete(inngest_api.send("migration/started", {"migration_id": right_id, "table": table}))
        assert first.output["status"] == "continued"
        step = step_named(inngest_api, first.id, "continue-from-50")
        (next_event,) = inngest_api.step_output(step).data
        second = inngest_api.complete(next_event)
    assert second.output == {"migration_id": right_id, "status": "completed", "run_number": 2, "rows": 100}


@pytest.mark.wait_floor(1)  # one retry, 1 s retry interval
def test_checkpoint_steps_do_not_help_a_retry(seed_form, inngest_api):
    module = seed_form.module
    migration_id = new_migration(module, total=50)
    module.faults[(migration_id, "process-batch-30")] = 1  # fails once; the run is retried
    run = inngest_api.complete(inngest_api.send(START, {"migration_id": migration_id}), timeout_s=40)

    assert run.output == {"status": "completed", "records_processed": 50}
    retried = step_named(inngest_api, run.id, "process-batch-30")
    assert retried.attempts == 1
    # The retry skipped batches 0-20 because their steps are memoized, not because of
    # the store: get-progress ran once, so the retry never read a checkpoint.
    assert module.ledger[(migration_id, "get-progress")] == 1
    assert [module.ledger[(migration_id, f"process-batch-{o}")] for o in range(0, 50, 10)] == [1, 1, 1, 1, 1]


def test_a_manual_resume_redoes_the_batch_after_the_last_checkpoint(seed_form, inngest_api):
    module = seed_form.module
    migration_id = new_migration(module, total=100)
    with step_limit(inngest_api, SLUG, 10):
        first = inngest_api.run_for_event(inngest_api.send(START, {"migration_id": migration_id}))
        inngest_api.wait_for_run(first.id, "FAILED", timeout_s=30)
        # The run ended after processing batch 40 and before checkpointing it.
        assert module.progress_store[migration_id]["offset"] == 40
        assert module.ledger[(migration_id, "process-batch-40")] == 1

        # Nothing resumes by itself; someone sends the start event again.
        second = inngest_api.run_for_event(inngest_api.send(START, {"migration_id": migration_id}))
        inngest_api.wait_for_run(second.id, "FAILED", timeout_s=30)  # and it hits the limit again
    assert [s.name for s in settled_steps(inngest_api, second.id, 10)][:2] == ["get-progress", "process-batch-40"]
    assert module.ledger[(migration_id, "process-batch-40")] == 2  # processed twice
