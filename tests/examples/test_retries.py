"""examples/retries: per-step retry budgets, attempts from the server and from ctx.attempt.

Each retry's back-off (1 s on the test server) is asserted as scheduled, then skipped
(inngest_kit.timeskip.skip_retries): the attempts are the claims here, not the waiting."""

import json
import time

import pytest

from inngest_kit.api import unique
from inngest_kit.timeskip import skip_retries

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def retries_app(serve_example):
    return serve_example("retries")


def start_import(app, api, report_id: str):
    resp = app.http.post(f"/reports/{report_id}/import")
    assert resp.status_code == 202, resp.text
    return api.run_for_event(resp.json()["event_ids"][0])


def attempts_seen(app, report_id: str, action: str) -> list[tuple[int, bool]]:
    """(ctx.attempt, succeeded) of every call of one action, in call order."""
    return [
        (c["attempt"], c["ok"]) for c in app.services.calls if c["report_id"] == report_id and c["action"] == action
    ]


def step(api, run_id: str, name: str):
    return next(s for s in api.steps(run_id) if s.name == name)


def registered_config(api, slug: str) -> dict:
    fn = next(f for f in api.functions() if f["slug"] == slug)
    return json.loads(fn["config"])


@pytest.mark.reliability
def test_step_fails_twice_then_succeeds_on_its_third_attempt(retries_app, inngest_api, time_skipper):
    report_id = unique("rep")
    sent_at = time.time()
    retries_app.services.fail_next(report_id, "fetch", 2)
    run = start_import(retries_app, inngest_api, report_id)

    assert [t.attempt for t in skip_retries(time_skipper, run.id, 2, since=sent_at)] == [1, 2]
    done = inngest_api.wait_for_run(run.id)
    assert done.output == {"report_id": report_id, "stored": 3}
    # ctx.attempt inside the step: 0, 1, 2 (0-based), the last one succeeds.
    assert attempts_seen(retries_app, report_id, "fetch") == [(0, False), (1, False), (2, True)]
    # The server's trace: one child span per attempt; Step.attempts is the last attempt's index.
    fetch = step(inngest_api, run.id, "fetch-report")
    assert fetch.status == "COMPLETED" and fetch.attempts == 2
    assert [(c.name, c.status) for c in fetch.children] == [
        ("Attempt 0", "FAILED"),
        ("Attempt 1", "FAILED"),
        ("Attempt 2", "COMPLETED"),
    ]
    failed = inngest_api.step_output(fetch.children[0]).error
    assert failed["name"] == "SourceUnavailable" and "503" in failed["message"]
    # A step that succeeds first time has a single attempt and no retry spans.
    store = step(inngest_api, run.id, "store-report")
    assert store.attempts == 0 and retries_app.services.ledger[(report_id, "store")] == 1


@pytest.mark.reliability
def test_retry_budget_is_per_step_not_per_run(retries_app, inngest_api, time_skipper):
    """retries=2, and BOTH steps fail twice: 4 failures in one run, and it still completes."""
    report_id = unique("rep")
    sent_at = time.time()
    retries_app.services.fail_next(report_id, "fetch", 2)
    retries_app.services.fail_next(report_id, "store", 2)
    run = start_import(retries_app, inngest_api, report_id)

    # Two retries of each step: the second step's item starts again at attempt 1.
    assert [t.attempt for t in skip_retries(time_skipper, run.id, 4, since=sent_at)] == [1, 2, 1, 2]
    done = inngest_api.wait_for_run(run.id)
    assert done.output == {"report_id": report_id, "stored": 3}
    assert attempts_seen(retries_app, report_id, "fetch") == [(0, False), (1, False), (2, True)]
    # The second step's counter starts again at 0: it gets its own 3 attempts.
    assert attempts_seen(retries_app, report_id, "store") == [(0, False), (1, False), (2, True)]
    assert [(s.name, s.attempts, len(s.children)) for s in inngest_api.steps(run.id)] == [
        ("fetch-report", 2, 3),
        ("store-report", 2, 3),
    ]


@pytest.mark.reliability
def test_a_step_that_fails_more_often_than_retries_fails_the_run(retries_app, inngest_api, time_skipper):
    report_id = unique("rep")
    sent_at = time.time()
    retries_app.services.fail_next(report_id, "fetch", 3)  # one more than retries=2 allows
    run = start_import(retries_app, inngest_api, report_id)

    assert [t.attempt for t in skip_retries(time_skipper, run.id, 2, since=sent_at)] == [1, 2]
    failed = inngest_api.wait_for_run(run.id, "FAILED")
    assert time_skipper.pending(run.id) == []  # no third retry
    assert attempts_seen(retries_app, report_id, "fetch") == [(0, False), (1, False), (2, False)]
    assert retries_app.services.ledger[(report_id, "store")] == 0  # the run stopped at the failing step
    assert failed.output["name"] == "SourceUnavailable"
    assert "503" in failed.output["message"]
    fetch = step(inngest_api, run.id, "fetch-report")
    assert fetch.status == "FAILED" and len(fetch.children) == 3


def test_retries_setting_is_registered_and_absent_means_server_default(retries_app, inngest_api):
    """retries=2 is sent as the step's "retries"; without it nothing is sent and the
    server uses consts.DefaultRetryCount = 4 (pkg/consts/consts.go:10, pkg/inngest/function_step.go:22-28)."""
    explicit = registered_config(inngest_api, "report-import-import-report")
    assert [s.get("retries") for s in explicit["steps"]] == [2]
    default = registered_config(inngest_api, "report-import-import-report-default-retries")
    assert [s.get("retries") for s in default["steps"]] == [None]


@pytest.mark.reliability
def test_without_retries_a_step_gets_five_attempts(retries_app, inngest_api, time_skipper):
    report_id = unique("rep")
    sent_at = time.time()
    retries_app.services.fail_next(report_id, "fetch", 4)  # fails 4 times, succeeds on the 5th
    event_id = inngest_api.send("report/import-defaults.requested", {"report_id": report_id})
    run = inngest_api.run_for_event(event_id)

    assert [t.attempt for t in skip_retries(time_skipper, run.id, 4, since=sent_at)] == [1, 2, 3, 4]
    done = inngest_api.wait_for_run(run.id)
    assert done.output == {"report_id": report_id, "rows": 3}
    assert attempts_seen(retries_app, report_id, "fetch") == [(0, False), (1, False), (2, False), (3, False), (4, True)]
