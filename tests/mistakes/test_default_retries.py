"""Seeds 001 "### Durability & Retry Guarantees" / 002 "### Default Behavior": the default retry count."""

import json
import time

import pytest

from inngest_kit.api import unique
from inngest_kit.timeskip import skip_retries

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def default_app(serve_example):
    return serve_example("mistakes.default_retries")


def test_no_retries_registers_no_count(default_app, inngest_api):
    fn = next(f for f in inngest_api.functions() if f["slug"] == "mistake-default-retries-sync-partner")
    (step,) = json.loads(fn["config"])["steps"]
    assert "retries" not in step  # the server's DefaultRetryCount (4) applies


def test_a_failing_step_runs_five_times_by_default(default_app, inngest_api, time_skipper):
    sync_id = unique("sync")
    sent_at = time.time()
    run = inngest_api.run_for_event(inngest_api.send("mistakeretries/sync.requested", {"sync_id": sync_id}))

    # Each retry's 1 s back-off (the test server's interval) is asserted as scheduled, then skipped.
    assert [t.attempt for t in skip_retries(time_skipper, run.id, 4, since=sent_at)] == [1, 2, 3, 4]

    failed = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=40)
    assert failed.output["name"] == "ConnectionError"
    # 5 attempts (4 retries), not the seeds' 3.
    assert default_app.module.ledger[(sync_id, "call-partner")] == 5
    assert [a for sid, a in default_app.module.attempts_seen if sid == sync_id] == [0, 1, 2, 3, 4]
    assert time_skipper.pending(run.id) == []  # no sixth attempt
    step = next(s for s in inngest_api.steps(run.id) if s.name == "call-partner")
    assert len(step.children) == 5
