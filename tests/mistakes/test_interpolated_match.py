"""Seed: if_exp=f"async.data.lead_id == '{lead_id}'". The value becomes
expression source: a quote in it stops the expression compiling and the server
fails the run. Comparing fields ("async.data.lead_id == event.data.lead_id")
works for any value; the server substitutes event values itself, quoted.

Nothing here waits a timeout out: where a reply must not match, the wait keeps a 1 h
timeout; a plain-id run's reply, sent after it, resumes its own wait while this run still
waits; then the test asserts when the timeout is due and skips it."""

import datetime
import time

import pytest

from inngest_kit.api import TERMINAL, assert_step_names, unique

pytestmark = pytest.mark.integration

_WAIT_INFO = """
query ($id: String!) { run(runID: $id) { trace { childrenSpans { name stepInfo {
  ... on WaitForEventStepInfo { expression foundEventID } } } } } }
"""


@pytest.fixture(scope="module")
def served(serve_example):
    return serve_example("mistakes.interpolated_match")


@pytest.fixture
def roomy_timeout(served, monkeypatch):
    monkeypatch.setattr(served.module.settings, "reply_timeout", datetime.timedelta(seconds=15))


def wait_expression(api, run_id: str) -> str:
    spans = api.gql(_WAIT_INFO, id=run_id)["run"]["trace"]["childrenSpans"]
    return next(s["stepInfo"]["expression"] for s in spans if s["name"] == "wait-for-reply")


def ended_run(api, run_id: str, timeout_s: float = 20.0):
    """Poll the run record until it ends. (wait_for_run would also wait up to 5 s
    for a trace to settle, and this run never gets one.)"""
    deadline = time.monotonic() + timeout_s
    while True:
        run = api.run(run_id)
        if run is not None and run.status in TERMINAL:
            return run
        assert time.monotonic() < deadline, f"run {run_id} did not end within {timeout_s} s"
        time.sleep(0.1)


def reply_round_trip(api, trigger: str, lead_id: str):
    """Start a run waiting for this lead's reply, send the reply, return the finished run."""
    run = api.run_for_event(api.send(trigger, {"lead_id": lead_id}))
    api.wait_for_step(run.id, "wait-for-reply", "WAITING")
    api.send("mistake-interp/reply-received", {"lead_id": lead_id})
    return run, api.wait_for_run(run.id)


def test_interpolation_works_for_a_plain_id(served, inngest_api, roomy_timeout):
    lead_id = unique("lead")
    run, done = reply_round_trip(inngest_api, "mistake-interp/await-reply", lead_id)
    assert done.output == {"lead_id": lead_id, "replied": True}
    assert wait_expression(inngest_api, run.id) == f"async.data.lead_id == '{lead_id}'"


@pytest.mark.security
def test_a_quote_in_the_value_fails_the_run_with_invalid_expression(served, inngest_api, roomy_timeout):
    lead_id = unique("o'brien")
    run = inngest_api.run_for_event(inngest_api.send("mistake-interp/await-reply", {"lead_id": lead_id}))
    failed = ended_run(inngest_api, run.id)
    assert failed.status == "FAILED"

    error = failed.output["error"]
    assert error["name"] == "InvalidExpression"
    assert error["message"] == "Wait for event If expression failed to compile"
    assert "Syntax error" in error["stack"]
    assert f"async.data.lead_id == '{lead_id}'" in error["stack"]
    # The server fails the run as soon as the SDK reports the wait: no wait
    # step, and no retry although the function has the default 4 retries (a
    # retry would come after at least 1 s here).
    assert_step_names(inngest_api, run.id, [])
    started = datetime.datetime.fromisoformat(failed.started_at)
    ended = datetime.datetime.fromisoformat(failed.ended_at)
    assert (ended - started).total_seconds() < 1.0
    assert served.module.ledger[(lead_id, "process-reply")] == 0


@pytest.mark.parametrize("prefix", ["o'brien", "plain"])
def test_field_comparison_matches_the_value_the_seed_form_cannot(served, inngest_api, roomy_timeout, prefix):
    lead_id = unique(prefix)
    run, done = reply_round_trip(inngest_api, "mistake-interp/await-reply-right", lead_id)
    assert done.output == {"lead_id": lead_id, "replied": True}
    # The server replaced event.data.lead_id with the value as a quoted literal.
    assert wait_expression(inngest_api, run.id) == f'async.data.lead_id == "{lead_id}"'
    assert served.module.ledger[(lead_id, "process-reply")] == 1


@pytest.mark.parametrize("prefix", ['say "hi"', "back\\slash"])
def test_server_never_matches_a_value_with_a_double_quote_or_backslash(served, inngest_api, monkeypatch, prefix,
                                                                       time_skipper):
    """Server v1.44.0 limitation of the field-comparison form: the server writes the value
    as an escaped literal ("say \\"hi\\"") but its matcher (inngest/expr
    lift.go, consumeString) keeps the backslashes, so the reply never matches
    and the wait times out. Keep ids used in matches to a safe alphabet."""
    hour = datetime.timedelta(hours=1)
    monkeypatch.setattr(served.module.settings, "reply_timeout", hour)
    lead_id, plain_id = unique(prefix), unique("plain")
    sent_at = time.time()
    run = inngest_api.run_for_event(inngest_api.send("mistake-interp/await-reply-right", {"lead_id": lead_id}))
    plain = inngest_api.run_for_event(inngest_api.send("mistake-interp/await-reply-right", {"lead_id": plain_id}))
    inngest_api.wait_for_step(run.id, "wait-for-reply", "WAITING")
    inngest_api.wait_for_step(plain.id, "wait-for-reply", "WAITING")
    timer = time_skipper.wait_for_timer(run.id, kind="pause", step="wait-for-reply")
    low = datetime.datetime.fromtimestamp(sent_at, datetime.UTC) + hour
    high = datetime.datetime.fromtimestamp(time.time(), datetime.UTC) + hour
    assert low <= timer.due <= high, f"reply timeout due {timer.due}, expected within [{low}, {high}]"

    inngest_api.send("mistake-interp/reply-received", {"lead_id": lead_id})
    inngest_api.send("mistake-interp/reply-received", {"lead_id": plain_id})  # sent after, matched
    assert inngest_api.wait_for_run(plain.id).output == {"lead_id": plain_id, "replied": True}
    # The later reply has resumed its run; this one still waits on its hour.
    assert inngest_api.run(run.id).status == "RUNNING"
    assert [t.item_id for t in time_skipper.skip(run.id, kind="pause")] == [timer.item_id]
    done = inngest_api.wait_for_run(run.id)
    assert "\\" in wait_expression(inngest_api, run.id)
    assert done.output == {"lead_id": lead_id, "replied": False}
    assert served.module.ledger[(lead_id, "process-reply")] == 0
