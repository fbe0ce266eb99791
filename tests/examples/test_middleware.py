"""examples/middleware: a client middleware whose hooks run on every request of a
run, while each step's code runs once."""

import pytest

from inngest_kit.api import assert_step_names

pytestmark = pytest.mark.integration

HOOKS = ("transform_input", "before_execution", "after_execution", "transform_output", "before_response")


@pytest.fixture(scope="module")
def mw_app(serve_example):
    return serve_example("middleware")


@pytest.fixture
def quick_summary(mw_app, monkeypatch):
    monkeypatch.setattr(mw_app.module.settings, "summarize_seconds", 0.3)
    return 0.3


def run_report(app, api):
    resp = app.http.post("/reports")
    assert resp.status_code == 202, resp.text
    report_id, event_id = resp.json()["report_id"], resp.json()["event_ids"][0]
    return report_id, event_id, api.complete(event_id, function="build-report")


def hooks_of(services, run_id: str) -> dict[str, int]:
    return {hook: n for (rid, hook), n in services.hook_calls.items() if rid == run_id}


def test_hooks_run_once_per_request_while_steps_run_once(mw_app, inngest_api, quick_summary):
    report_id, _, run = run_report(mw_app, inngest_api)
    services = mw_app.services
    assert_step_names(inngest_api, run.id, ["fetch-rows", "summarize", "announce"])  # Each step's code ran once...
    assert services.ledger[(report_id, "fetch-rows")] == 1
    assert services.ledger[(report_id, "summarize")] == 1
    # ...but the server called the function 4 times (one request per step, one
    # for the return), and the request hooks ran on each of them.
    requests = len(inngest_api.steps(run.id)) + 1
    assert requests == 4
    assert hooks_of(services, run.id) == {
        **{hook: requests for hook in HOOKS},
        "before_send_events": 1,  # step.send_event ran once (memoized afterwards)
        "after_send_events": 1,
    }


def test_each_step_is_timed_in_the_request_that_ran_it(mw_app, inngest_api, quick_summary):
    _, _, run = run_report(mw_app, inngest_api)
    durations = {step: s for (rid, step), s in mw_app.services.step_durations.items() if rid == run.id}
    assert set(durations) == {"fetch-rows", "summarize", "announce"}
    assert quick_summary <= durations["summarize"] < quick_summary + 2.0
    assert durations["fetch-rows"] < quick_summary


def test_outgoing_events_are_stamped_with_their_origin(mw_app, inngest_api, quick_summary):
    report_id, event_id, run = run_report(mw_app, inngest_api)
    # The event sent by the endpoint (client.send outside any run)...
    sent = inngest_api.trigger(run.id)["payloads"][0]
    assert sent["data"]["_origin"] == {"app": "middleware-demo", "run_id": None}
    # ...and the one sent by step.send_event inside the run, which the next function sees.
    filed = inngest_api.complete(run.output["announced"], function="file-report")
    assert filed.output == {"filed": report_id, "origin": {"app": "middleware-demo", "run_id": run.id}}
    assert mw_app.services.hook_calls[("outside-run", "before_send_events")] >= 1
