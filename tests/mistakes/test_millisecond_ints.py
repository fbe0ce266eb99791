"""Integer durations are milliseconds in the Python SDK. The seed's
`"follow_up_time": 86400  # 24 hours` sleeps 86.4 s; `step.sleep("x", 5)` does not wait.
The timedelta form is proven by the wake-up the server scheduled (a day), then skipped."""

import datetime
import time

import pytest

from inngest_kit.api import assert_step_names, unique

pytestmark = pytest.mark.integration

_STEP_INFO = """
query ($id: String!) { run(runID: $id) { trace { childrenSpans { name startedAt stepInfo {
  ... on SleepStepInfo { sleepUntil } ... on WaitForEventStepInfo { timeout } } } } } }
"""


@pytest.fixture(scope="module")
def served(serve_example):
    return serve_example("mistakes.millisecond_ints")


def scheduled(api, run_id: str, step: str, field: str) -> datetime.datetime:
    """When the server will end a sleep (sleepUntil) or a wait (timeout), from the trace."""
    spans = api.gql(_STEP_INFO, id=run_id)["run"]["trace"]["childrenSpans"]
    info = next(s["stepInfo"] for s in spans if s["name"] == step)
    return datetime.datetime.fromisoformat(info[field])


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def test_an_int_of_5_sleeps_5_milliseconds(served, inngest_api):
    lead_id = unique("lead")
    started = time.monotonic()
    event_id = inngest_api.send("mistake-ms-ints/follow-up.scheduled", {"lead_id": lead_id, "follow_up_time": 5})
    run = inngest_api.complete(event_id)
    elapsed = time.monotonic() - started

    # "5 seconds" is 5 ms, which the server rounds to no wait at all.
    assert [(s.name, s.op, s.status) for s in inngest_api.steps(run.id)][0] == (
        "wait-follow-up-time", "SLEEP", "COMPLETED",
    )
    assert elapsed < 3, f"the whole run took {elapsed:.2f} s"
    # Decisively: the server scheduled the sleep to end the instant it began. A sleep of
    # one whole second or more, the smallest the server keeps, would end a second later.
    spans = inngest_api.gql(_STEP_INFO, id=run.id)["run"]["trace"]["childrenSpans"]
    sleep = next(s for s in spans if s["name"] == "wait-follow-up-time")
    began = datetime.datetime.fromisoformat(sleep["startedAt"])
    until = datetime.datetime.fromisoformat(sleep["stepInfo"]["sleepUntil"])
    assert (until - began).total_seconds() < 0.5, (began, until)
    assert served.module.ledger[(lead_id, "send-follow-up")] == 1


def test_follow_up_time_86400_sleeps_86_seconds_not_a_day(served, inngest_api):
    lead_id = unique("lead")
    sent_at = now()
    event_id = inngest_api.send("mistake-ms-ints/follow-up.scheduled", {"lead_id": lead_id, "follow_up_time": 86400})
    run = inngest_api.run_for_event(event_id)
    try:
        inngest_api.wait_for_step(run.id, "wait-follow-up-time", "RUNNING")
        wake = scheduled(inngest_api, run.id, "wait-follow-up-time", "sleepUntil")
        # 86400 ms = 86.4 s (rounded by the server to whole seconds), not 24 h.
        assert 80 <= (wake - sent_at).total_seconds() <= 95
    finally:
        inngest_api.cancel(run.id)  # do not leave it to fire during later tests


@pytest.mark.parametrize(
    ("timeout", "message"),
    [
        (5, "duration must be at least 1 second"),  # meant 5 s: 5 ms
        (86400, "duration must be a whole number of seconds"),  # meant 24 h: 86.4 s
    ],
)
def test_an_int_wait_timeout_meant_as_seconds_is_refused(served, inngest_api, timeout, message):
    event_id = inngest_api.send("mistake-ms-ints/reply.awaited", {"lead_id": unique("lead"), "timeout": timeout})
    run = inngest_api.run_for_event(event_id)
    failed = inngest_api.wait_for_run(run.id, "FAILED")
    assert failed.output["name"] == "FunctionConfigInvalidError"
    assert failed.output["message"] == message
    assert_step_names(inngest_api, run.id, [])  # no wait was ever created


def test_an_int_wait_timeout_in_whole_seconds_is_accepted_as_milliseconds(served, inngest_api):
    sent_at = now()
    event_id = inngest_api.send("mistake-ms-ints/reply.awaited", {"lead_id": unique("lead"), "timeout": 60000})
    run = inngest_api.run_for_event(event_id)
    try:
        inngest_api.wait_for_step(run.id, "wait-for-reply", "WAITING")
        expires = scheduled(inngest_api, run.id, "wait-for-reply", "timeout")
        assert 55 <= (expires - sent_at).total_seconds() <= 65  # 60000 = one minute
    finally:
        inngest_api.cancel(run.id)


def test_a_timedelta_says_its_unit(served, inngest_api, time_skipper):
    lead_id = unique("lead")
    sent_at = time.time()
    event_id = inngest_api.send(
        "mistake-ms-ints/follow-up-right.scheduled", {"lead_id": lead_id, "follow_up_seconds": 86400}
    )
    run = inngest_api.run_for_event(event_id)
    wake = time_skipper.wait_for_timer(run.id, kind="sleep", step="wait-follow-up-time")
    # 86400 seconds is a day (the server rounds to whole seconds: allow 1 s either side).
    day, second = datetime.timedelta(days=1), datetime.timedelta(seconds=1)
    low = datetime.datetime.fromtimestamp(sent_at, datetime.UTC) + day - second
    high = datetime.datetime.fromtimestamp(time.time(), datetime.UTC) + day + second
    assert low <= wake.due <= high, f"sleep due {wake.due}, expected within [{low}, {high}]"
    assert served.module.ledger[(lead_id, "send-follow-up")] == 0
    assert [t.item_id for t in time_skipper.skip(run.id, kind="sleep")] == [wake.item_id]
    inngest_api.wait_for_run(run.id)

    assert_step_names(inngest_api, run.id, ["wait-follow-up-time", "send-follow-up"])
    assert served.module.ledger[(lead_id, "send-follow-up")] == 1
