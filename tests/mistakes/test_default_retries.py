"""Seeds 001 "### Durability & Retry Guarantees" / 002 "### Default Behavior": the default retry count."""

import json

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def default_app(serve_example):
    return serve_example("mistakes.default_retries")


def test_no_retries_registers_no_count(default_app, inngest_api):
    fn = next(f for f in inngest_api.functions() if f["slug"] == "mistake-default-retries-sync-partner")
    (step,) = json.loads(fn["config"])["steps"]
    assert "retries" not in step  # the server's DefaultRetryCount (4) applies


@pytest.mark.wait_floor(4)  # 4 retries x 1 s retry interval
def test_a_failing_step_runs_five_times_by_default(default_app, inngest_api):
    sync_id = unique("sync")
    run = inngest_api.run_for_event(inngest_api.send("mistakeretries/sync.requested", {"sync_id": sync_id}))

    failed = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=40)
    assert failed.output["name"] == "ConnectionError"
    # 5 attempts (4 retries), not the seeds' 3.
    assert default_app.module.ledger[(sync_id, "call-partner")] == 5
    assert [a for sid, a in default_app.module.attempts_seen if sid == sync_id] == [0, 1, 2, 3, 4]
    step = next(s for s in inngest_api.steps(run.id) if s.name == "call-partner")
    assert len(step.children) == 5
