"""Seed: wait for an email reply, then (if none) for a phone reply. A wait only
sees events sent after it starts, so a call during the email wait is lost. The
right form (examples/reply_channels) waits once for a normalized reply event.

The first test runs at the seed's 24 h windows: the call comes while one run still waits for
email and another (same lead) already waits for phone; the server's timers are asserted and
skipped. The second lets a 2 s email window pass in real time: timing decides the outcome."""

import datetime
import time

import pytest

from inngest_kit.api import assert_step_names, unique
from inngest_kit.timeskip import Timer, assert_due

pytestmark = pytest.mark.integration

WINDOW = datetime.timedelta(seconds=2)  # per channel; the seed uses 24 h each


@pytest.fixture(scope="module")
def served(serve_example):
    return serve_example("mistakes.sequential_channel_waits")


@pytest.fixture
def short_windows(served, monkeypatch):
    monkeypatch.setattr(served.module.settings, "channel_window", WINDOW)


def wait_timeout(time_skipper, run_id: str, step: str, earliest: float, window: datetime.timedelta) -> Timer:
    """The wait `step`'s timeout, asserted due `window` after a moment in [earliest, now]."""
    timer = time_skipper.wait_for_timer(run_id, kind="pause", step=step)
    assert timer.label == "wait_for_event timeout", timer
    assert_due(timer, earliest, time.time(), window)
    return timer


def start_run(api, time_skipper, lead_id: str, window: datetime.timedelta):
    """Start the sequential waits for the lead; the run once it waits for email (timeout asserted)."""
    sent_at = time.time()
    run = api.run_for_event(api.send("mistake-seq-waits/await-response", {"lead_id": lead_id}))
    api.wait_for_step(run.id, "wait-email", "WAITING")
    wait_timeout(time_skipper, run.id, "wait-email", sent_at, window)
    return run


def skip_email_window(api, time_skipper, run_id: str, window: datetime.timedelta) -> Timer:
    """24 h pass without an email reply: the run moves on to its phone wait (timeout asserted)."""
    time_skipper.skip(run_id, kind="pause", step="wait-email")
    skipped_at = time.time()
    phone = wait_timeout(time_skipper, run_id, "wait-phone", skipped_at, window)
    api.wait_for_step(run_id, "wait-phone", "WAITING")
    return phone


def test_a_call_during_the_email_wait_is_never_seen(served, inngest_api, time_skipper):
    window = served.module.settings.channel_window
    assert window == datetime.timedelta(hours=24)  # the seed's window, which this test runs at
    lead_id = unique("lead")
    # An earlier run for the same lead is already in its phone wait: it shows the call was matched.
    earlier = start_run(inngest_api, time_skipper, lead_id, window)
    skip_email_window(inngest_api, time_skipper, earlier.id, window)
    run = start_run(inngest_api, time_skipper, lead_id, window)

    # The lead answers the phone while this workflow is still waiting for email.
    inngest_api.send("mistake-seq-waits/call-completed", {"lead_id": lead_id, "outcome": "answered"})
    assert inngest_api.wait_for_run(earlier.id).output == {"lead_id": lead_id, "channel": "phone"}

    # The email window passes; the phone wait that follows began after the call and never sees it.
    phone = skip_email_window(inngest_api, time_skipper, run.id, window)
    assert [t.item_id for t in time_skipper.skip(run.id, kind="pause", step="wait-phone")] == [phone.item_id]
    done = inngest_api.wait_for_run(run.id, timeout_s=30)
    assert done.output == {"lead_id": lead_id, "channel": None}
    assert_step_names(inngest_api, run.id, ["wait-email", "wait-phone", "no-response"])
    ledger = served.module.ledger
    assert ledger[(lead_id, "process-phone")] == 1  # the earlier run's, not this one's
    assert ledger[(lead_id, "no-response")] == 1


@pytest.mark.wait_floor(2)  # 2 s email window
def test_a_call_after_the_email_window_is_seen_so_the_outcome_depends_on_timing(served, inngest_api, short_windows):
    lead_id = unique("lead")
    run = inngest_api.run_for_event(inngest_api.send("mistake-seq-waits/await-response", {"lead_id": lead_id}))
    inngest_api.wait_for_step(run.id, "wait-phone", "WAITING")
    inngest_api.send("mistake-seq-waits/call-completed", {"lead_id": lead_id, "outcome": "answered"})

    done = inngest_api.wait_for_run(run.id, timeout_s=30)
    assert done.output == {"lead_id": lead_id, "channel": "phone"}


def test_right_form_one_wait_catches_a_call_at_any_time(serve_example, inngest_api, monkeypatch):
    app = serve_example("reply_channels")
    monkeypatch.setattr(app.module.settings, "reply_timeout", datetime.timedelta(seconds=15))
    lead_id, phone = unique("lead"), f"+1444{time.time_ns() % 10**7:07d}"
    resp = app.http.post(f"/leads/{lead_id}/outreach", json={"email": "ada@example.com", "phone": phone})
    run = inngest_api.run_for_event(resp.json()["event_ids"][0])
    inngest_api.wait_for_step(run.id, "wait-for-reply", "WAITING")

    # Same moment as in the first test: right at the start of the window.
    app.http.post("/webhooks/call-completed", json={"to": phone, "outcome": "answered", "notes": "call me"})

    done = inngest_api.wait_for_run(run.id)
    assert done.output == {"lead_id": lead_id, "replied": True, "channel": "phone"}
