"""examples/followup_sequence: durable sleeps, cancelled by a matching event."""

import datetime
import time

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration

S = datetime.timedelta(seconds=1)


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


@pytest.mark.wait_floor(2.5)  # 2.5 s fixed window after the cancel, past the 2 s sleep
def test_conversion_during_the_first_sleep_cancels_everything(followup_app, inngest_api, delays):
    delays(datetime.timedelta(seconds=2), S)
    lead_id = unique("lead")
    run = inngest_api.run_for_event(schedule(followup_app, lead_id))
    # A sleeping step shows as RUNNING with op SLEEP in the trace (only
    # wait_for_event shows WAITING).
    sleeping = inngest_api.wait_for_step(run.id, "wait-before-first-follow-up", "RUNNING")
    assert sleeping.op == "SLEEP"

    convert(followup_app, lead_id)
    inngest_api.wait_for_run(run.id, "CANCELLED")
    # Give the cancelled sleep time to have fired, had it not been cancelled.
    time.sleep(2.5)
    assert sent_to(followup_app, lead_id) == []
    assert inngest_api.run(run.id).status == "CANCELLED"


@pytest.mark.wait_floor(1)  # the first 1 s sleep, before the second one can be cancelled
def test_conversion_during_the_second_sleep_keeps_the_first_email_only(followup_app, inngest_api, delays):
    delays(S, datetime.timedelta(seconds=3))
    lead_id = unique("lead")
    run = inngest_api.run_for_event(schedule(followup_app, lead_id))
    inngest_api.wait_for_step(run.id, "wait-before-second-follow-up", "RUNNING")

    convert(followup_app, lead_id)
    inngest_api.wait_for_run(run.id, "CANCELLED")
    assert sent_to(followup_app, lead_id) == ["first-follow-up"]


@pytest.mark.wait_floor(2)  # two 1 s sleeps
def test_conversion_of_another_lead_does_not_cancel(followup_app, inngest_api, delays):
    lead_id = unique("lead")
    run = inngest_api.run_for_event(schedule(followup_app, lead_id))
    convert(followup_app, unique("other-lead"))
    done = inngest_api.wait_for_run(run.id, timeout_s=20)
    assert done.output["emails_sent"] == 2
