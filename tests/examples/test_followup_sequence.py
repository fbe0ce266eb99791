"""examples/followup_sequence: durable sleeps, cancelled by a matching event.

The first test sleeps for real (1 s, then 3 s). The conversion tests run at the production
delays (3 and 7 days): a conversion lands while the run sleeps for days, so nothing races it;
each test asserts when the server scheduled the sleep and skips what has to pass."""

import datetime
import time

import pytest

from inngest_kit.api import unique
from inngest_kit.testing import reset_to_defaults
from inngest_kit.timeskip import assert_due

pytestmark = pytest.mark.integration

S = datetime.timedelta(seconds=1)
FIRST_DELAY = datetime.timedelta(days=3)  # the production defaults, which the conversion tests run at
SECOND_DELAY = datetime.timedelta(days=7)


@pytest.fixture(scope="module")
def followup_app(serve_example):
    return serve_example("followup_sequence")


@pytest.fixture
def delays(followup_app, monkeypatch):
    def set_delays(first: datetime.timedelta, second: datetime.timedelta) -> None:
        monkeypatch.setattr(followup_app.module.settings, "first_delay", first)
        monkeypatch.setattr(followup_app.module.settings, "second_delay", second)

    set_delays(S, S)
    return set_delays


@pytest.fixture
def production_delays(followup_app, monkeypatch):
    settings = reset_to_defaults(followup_app.module.settings, monkeypatch)
    assert (settings.first_delay, settings.second_delay) == (FIRST_DELAY, SECOND_DELAY)
    return settings


def start_and_wait_for_first_sleep(app, api, time_skipper, lead_id: str):
    """Schedule the follow-ups; return the run once it sleeps its 3 days before the first."""
    sent_at = time.time()
    run = api.run_for_event(schedule(app, lead_id))
    timer = time_skipper.wait_for_timer(run.id, kind="sleep", step="wait-before-first-follow-up")
    assert_due(timer, sent_at, time.time(), FIRST_DELAY)
    return run


def assert_nothing_left_to_wake(time_skipper, run_id: str) -> None:
    """A cancelled run's sleep is taken off the queue: no timer is left that could resume it."""
    deadline = time.monotonic() + 10
    while (left := time_skipper.pending(run_id, kinds=["sleep"])) != []:
        assert time.monotonic() < deadline, f"cancelled run {run_id} still sleeps: {left}"
        time.sleep(0.05)


def schedule(app, lead_id: str) -> str:
    resp = app.http.post(f"/leads/{lead_id}/follow-ups", json={"email": f"{lead_id}@example.com"})
    assert resp.status_code == 202, resp.text
    return resp.json()["event_ids"][0]


def convert(app, lead_id: str) -> None:
    assert app.http.post(f"/leads/{lead_id}/convert").status_code == 202


def sent_to(app, lead_id: str) -> list[str]:
    return [m["template"] for m in app.services.outbox if m["lead_id"] == lead_id]


@pytest.mark.wait_floor(4)  # a 1 s sleep, then a 3 s sleep
def test_sequence_sleeps_then_sends_both_follow_ups(followup_app, inngest_api, delays):
    # Two different delays, so that the run's length shows each sleep used its own.
    delays(S, 3 * S)
    lead_id = unique("lead")
    started = time.monotonic()
    run = inngest_api.run_for_event(schedule(followup_app, lead_id))
    done = inngest_api.wait_for_run(run.id, timeout_s=20)
    elapsed = time.monotonic() - started

    assert done.output == {"lead_id": lead_id, "emails_sent": 2}
    assert [(s.name, s.op) for s in inngest_api.steps(run.id)] == [
        ("wait-before-first-follow-up", "SLEEP"),
        ("send-first-follow-up", "RUN"),
        ("wait-before-second-follow-up", "SLEEP"),
        ("send-second-follow-up", "RUN"),
    ]
    assert sent_to(followup_app, lead_id) == ["first-follow-up", "second-follow-up"]
    assert elapsed >= 4 * S.total_seconds() - 0.2  # both sleeps really happened, each its own length


def test_conversion_during_the_first_sleep_cancels_everything(followup_app, inngest_api, time_skipper,
                                                              production_delays):
    lead_id = unique("lead")
    run = start_and_wait_for_first_sleep(followup_app, inngest_api, time_skipper, lead_id)
    # A sleeping step shows as RUNNING with op SLEEP in the trace (only
    # wait_for_event shows WAITING).
    sleeping = inngest_api.wait_for_step(run.id, "wait-before-first-follow-up", "RUNNING")
    assert sleeping.op == "SLEEP"

    convert(followup_app, lead_id)  # 3 days before the first follow-up is due
    inngest_api.wait_for_run(run.id, "CANCELLED")
    # The cancelled sleep will never fire: its timer is gone.
    assert_nothing_left_to_wake(time_skipper, run.id)
    assert sent_to(followup_app, lead_id) == []
    assert inngest_api.run(run.id).status == "CANCELLED"


def test_conversion_during_the_second_sleep_keeps_the_first_email_only(followup_app, inngest_api, time_skipper,
                                                                       production_delays):
    lead_id = unique("lead")
    run = start_and_wait_for_first_sleep(followup_app, inngest_api, time_skipper, lead_id)
    time_skipper.skip(run.id, kind="sleep", step="wait-before-first-follow-up")
    skipped_at = time.time()
    second = time_skipper.wait_for_timer(run.id, kind="sleep", step="wait-before-second-follow-up")
    assert_due(second, skipped_at, time.time(), SECOND_DELAY)
    assert sent_to(followup_app, lead_id) == ["first-follow-up"]

    convert(followup_app, lead_id)  # 7 days before the second follow-up is due
    inngest_api.wait_for_run(run.id, "CANCELLED")
    assert_nothing_left_to_wake(time_skipper, run.id)
    assert sent_to(followup_app, lead_id) == ["first-follow-up"]


def test_conversion_of_another_lead_does_not_cancel(followup_app, inngest_api, time_skipper, production_delays):
    lead_id, other_lead = unique("lead"), unique("other-lead")
    run = start_and_wait_for_first_sleep(followup_app, inngest_api, time_skipper, lead_id)
    other_run = start_and_wait_for_first_sleep(followup_app, inngest_api, time_skipper, other_lead)
    convert(followup_app, other_lead)
    # The conversion has been matched against the sleeping runs: it cancelled its own lead's...
    inngest_api.wait_for_run(other_run.id, "CANCELLED")
    # ...and not this one, which sleeps on through both delays and sends both follow-ups.
    time_skipper.skip(run.id, kind="sleep", step="wait-before-first-follow-up")
    time_skipper.wait_for_timer(run.id, kind="sleep", step="wait-before-second-follow-up")
    time_skipper.skip(run.id, kind="sleep", step="wait-before-second-follow-up")
    done = inngest_api.wait_for_run(run.id, timeout_s=20)
    assert done.output["emails_sent"] == 2
    assert sent_to(followup_app, lead_id) == ["first-follow-up", "second-follow-up"]
    assert sent_to(followup_app, other_lead) == []
