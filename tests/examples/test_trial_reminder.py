"""examples/trial_reminder: step.sleep_until a moment computed from event data."""

import datetime
import time

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration

_STEP_INFO = """
query ($id: String!) { run(runID: $id) { trace { childrenSpans {
  name stepInfo { ... on SleepStepInfo { sleepUntil } } } } } }
"""


def sleep_until_of(api, run_id: str, step: str) -> datetime.datetime:
    """The wake-up time the server scheduled for a sleep step (trace stepInfo.sleepUntil)."""
    spans = api.gql(_STEP_INFO, id=run_id)["run"]["trace"]["childrenSpans"]
    info = next(s["stepInfo"] for s in spans if s["name"] == step)
    return datetime.datetime.fromisoformat(info["sleepUntil"])


@pytest.fixture(scope="module")
def trial_app(serve_example):
    return serve_example("trial_reminder")


def start_trial(app, trial_ends_at: datetime.datetime | str) -> tuple[str, str]:
    account_id = unique("acct")
    ends = trial_ends_at if isinstance(trial_ends_at, str) else trial_ends_at.isoformat()
    resp = app.http.post("/trials", json={"account_id": account_id, "email": f"{account_id}@example.com", "trial_ends_at": ends})
    if resp.status_code != 202:
        return account_id, resp
    return account_id, resp.json()["event_ids"][0]


@pytest.mark.wait_floor(1.4)  # sleep_until whole second + 3 s (>= 2 s away), less the 0.6 s the test allows early
def test_reminder_is_sent_remind_before_the_trial_ends(trial_app, inngest_api):
    # The production default is used as is: a trial ending 3 days + 2 s from now
    # gets its reminder in 2 s.
    assert trial_app.module.settings.remind_before == datetime.timedelta(days=3)
    remind_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0) + datetime.timedelta(seconds=3)
    account_id, event_id = start_trial(trial_app, remind_at + datetime.timedelta(days=3))
    run = inngest_api.run_for_event(event_id)

    sleeping = inngest_api.wait_for_step(run.id, "wait-until-reminder-time", "RUNNING")
    assert sleeping.op == "SLEEP"
    assert not [m for m in trial_app.services.outbox if m["account_id"] == account_id]
    # The server rounds the remaining time to whole seconds when it schedules
    # the wake-up, so it may be up to 0.5 s off the exact instant.
    scheduled = sleep_until_of(inngest_api, run.id, "wait-until-reminder-time")
    assert abs((scheduled - remind_at).total_seconds()) <= 0.6

    done = inngest_api.wait_for_run(run.id, timeout_s=30)
    assert done.output == {
        "account_id": account_id,
        "reminded_for": (remind_at + datetime.timedelta(days=3)).isoformat(),
        "remind_at": remind_at.isoformat(),
    }
    [sent] = [m for m in trial_app.services.outbox if m["account_id"] == account_id]
    assert remind_at.timestamp() - 0.6 <= sent["sent_at"] <= remind_at.timestamp() + 5
    assert trial_app.services.ledger[(account_id, "send-trial-reminder")] == 1


def test_a_reminder_time_already_past_continues_at_once(trial_app, inngest_api):
    # The trial ends in 1 day, so "3 days before" was 2 days ago.
    started = time.monotonic()
    account_id, event_id = start_trial(trial_app, datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1))
    run = inngest_api.complete(event_id)
    elapsed = time.monotonic() - started

    # No error, no waiting: the sleep is recorded as done and the email goes out.
    assert [(s.name, s.op, s.status) for s in inngest_api.steps(run.id)] == [
        ("wait-until-reminder-time", "SLEEP", "COMPLETED"),
        ("send-trial-reminder", "RUN", "COMPLETED"),
    ]
    assert trial_app.services.ledger[(account_id, "send-trial-reminder")] == 1
    assert elapsed < 5, f"a past sleep_until took {elapsed:.2f} s"


def test_a_timestamp_without_a_time_zone_is_refused(trial_app):
    _, resp = start_trial(trial_app, "2031-01-01T00:00:00")
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["type"] == "timezone_aware"


def test_a_naive_time_sent_straight_to_the_server_is_read_as_utc(trial_app, inngest_api):
    """The API refuses naive times, but other producers can send the event directly:
    the function reads a naive trial end as UTC, not as the app server's local time."""
    account_id = unique("acct")
    ends = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)).replace(microsecond=0, tzinfo=None)
    event_id = inngest_api.send(
        "saas-trial/started",
        {"account_id": account_id, "email": f"{account_id}@example.com", "trial_ends_at": ends.isoformat()},
    )
    done = inngest_api.complete(event_id)  # 3 days before the end is in the past: no wait
    as_utc = ends.replace(tzinfo=datetime.UTC)
    assert done.output == {
        "account_id": account_id,
        "reminded_for": as_utc.isoformat(),
        "remind_at": (as_utc - datetime.timedelta(days=3)).isoformat(),
    }
