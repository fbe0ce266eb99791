"""examples/invoke_child: a parent composes child runs with step.invoke and step.invoke_by_id.

The invoke timeout (2 s) is waited in real time; the slow child's hour-long sleep is
asserted as scheduled, still pending when the parent has moved on, then skipped."""

import datetime
import time

import pytest

from inngest_kit.api import settled_steps, step_named
from inngest_kit.timeskip import skip_retries

pytestmark = pytest.mark.integration


TIMEOUT = datetime.timedelta(seconds=2)  # stands in for the 5 min section timeout
SLOW = datetime.timedelta(hours=1)  # the slow source: far longer than the timeout; skipped once it has proven that


@pytest.fixture(scope="module")
def report_app(serve_example):
    return serve_example("invoke_child")


@pytest.fixture
def short(report_app, monkeypatch):
    settings = report_app.module.settings
    monkeypatch.setattr(settings, "section_timeout", TIMEOUT)
    monkeypatch.setattr(settings, "slow_source_delay", SLOW)
    return settings


def request_report(app, sections: list[str], required: list[str] | None = None) -> tuple[str, str]:
    resp = app.http.post("/reports", json={"sections": sections, "required": required or []})
    assert resp.status_code == 202, resp.text
    return resp.json()["report_id"], resp.json()["event_ids"][0]


def parent_run(api, event_id: str):
    return api.run_for_event(event_id, function="build-report")


def test_invoke_and_invoke_by_id_return_the_child_result(report_app, inngest_api, short):
    report_id, event_id = request_report(report_app, ["summary"])
    done = inngest_api.wait_for_run(parent_run(inngest_api, event_id).id)

    cover, summary = done.output["sections"]
    # invoke_by_id (cover) and invoke (summary) both hand back the child's return value as is.
    assert cover == {"section": "cover", "html": "<h2>cover</h2>", "words": 50}
    assert summary == {"section": "summary", "html": "<h2>summary</h2>", "words": 70}
    steps = settled_steps(inngest_api, done.id, 3)
    assert [(s.name, s.op, s.status) for s in steps] == [
        ("render-cover", "INVOKE", "COMPLETED"),
        ("render-summary", "INVOKE", "COMPLETED"),
        ("publish", "RUN", "COMPLETED"),
    ]
    ledger = report_app.services.ledger
    assert ledger[(report_id, "render-cover")] == ledger[(report_id, "render-summary")] == 1


@pytest.mark.wait_floor(2)  # the parent's 2 s invoke timeout (the child's 1 h sleep is skipped)
@pytest.mark.parametrize("timeout", [TIMEOUT, 2000], ids=["timedelta", "int-milliseconds"])
def test_an_invoke_timeout_raises_step_error_in_the_parent(report_app, inngest_api, short, monkeypatch, timeout,
                                                           time_skipper):
    monkeypatch.setattr(short, "section_timeout", timeout)
    sent_at = time.time()
    report_id, event_id = request_report(report_app, ["market-data"])
    started = time.monotonic()
    done = inngest_api.wait_for_run(parent_run(inngest_api, event_id).id, timeout_s=30)
    elapsed = time.monotonic() - started

    late = done.output["sections"][1]
    assert late == {
        "section": "market-data",
        "unavailable": "InngestInvokeTimeoutError",
        "reason": "Timed out waiting for invoked function to complete",
    }
    step = step_named(inngest_api, done.id, "render-market-data")
    assert (step.op, step.status) == ("INVOKE", "FAILED")
    # The parent moved on after the 2 s timeout, while the child still sleeps its hour.
    assert elapsed >= 2.0, elapsed
    child_sleep = time_skipper.wait_for_timer(
        kind="sleep", step="wait-for-source",
        due_after=datetime.datetime.fromtimestamp(sent_at, datetime.UTC) + SLOW - datetime.timedelta(seconds=1))
    low = datetime.datetime.fromtimestamp(sent_at, datetime.UTC) + SLOW
    assert low <= child_sleep.due <= datetime.datetime.now(datetime.UTC) + SLOW, child_sleep.due
    # The timeout does not cancel the child: it still finishes its work afterwards.
    assert report_app.services.ledger[(report_id, "render-market-data")] == 0
    time_skipper.skip(child_sleep.run_id, kind="sleep")
    deadline = time.monotonic() + 20
    while report_app.services.ledger[(report_id, "render-market-data")] == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert report_app.services.ledger[(report_id, "render-market-data")] == 1
    child = inngest_api.wait_for_run(child_sleep.run_id)
    assert child.output["section"] == "market-data"


def test_an_int_timeout_is_milliseconds_not_seconds(report_app, inngest_api, short, monkeypatch, time_skipper):
    """timeout=2 means 2 ms: the SDK rejects it (under 1 s) when the invoke is reached, and the run
    fails after the default 4 retries (their 1 s back-offs asserted and skipped)."""
    monkeypatch.setattr(short, "section_timeout", 2)
    sent_at = time.time()
    report_id, event_id = request_report(report_app, ["summary"])
    run = parent_run(inngest_api, event_id)
    assert [t.attempt for t in skip_retries(time_skipper, run.id, 4, since=sent_at)] == [1, 2, 3, 4]
    done = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=40)
    assert done.output["name"] == "FunctionConfigInvalidError"
    assert done.output["message"] == "duration must be at least 1 second"
    assert report_app.services.ledger[(report_id, "render-cover")] == 0


def test_a_failed_child_raises_step_error_the_parent_can_catch(report_app, inngest_api, short):
    report_id, event_id = request_report(report_app, ["summary", "legacy-kpis"])
    done = inngest_api.wait_for_run(parent_run(inngest_api, event_id).id, timeout_s=30)

    # The StepError carries the child's exception class name and message.
    assert done.output["sections"][2] == {
        "section": "legacy-kpis",
        "unavailable": "NonRetriableError",
        "reason": "no data source for section 'legacy-kpis'",
    }
    assert [(s.name, s.status) for s in settled_steps(inngest_api, done.id, 4)] == [
        ("render-cover", "COMPLETED"),
        ("render-summary", "COMPLETED"),
        ("render-legacy-kpis", "FAILED"),
        ("publish", "COMPLETED"),
    ]
    assert report_app.services.ledger[(report_id, "publish")] == 1


def test_an_uncaught_child_failure_fails_the_parent(report_app, inngest_api, short):
    report_id, event_id = request_report(report_app, ["legacy-kpis", "summary"], required=["legacy-kpis"])
    done = inngest_api.wait_for_run(parent_run(inngest_api, event_id).id, "FAILED", timeout_s=30)

    assert done.output["name"] == "NonRetriableError"
    assert done.output["message"] == "required section 'legacy-kpis' failed: no data source for section 'legacy-kpis'"
    assert "inngest._internal.errors.StepError: no data source" in done.output["stack"]
    # Nothing after the failed invoke ran.
    assert report_app.services.ledger[(report_id, "render-summary")] == 0
    assert report_app.services.ledger[(report_id, "publish")] == 0
