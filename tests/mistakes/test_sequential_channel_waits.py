"""Seed: wait for an email reply, then (if none) for a phone reply. A wait only
sees events sent after it starts, so a call during the email wait is lost. The
right form (examples/reply_channels) waits once for a normalized reply event."""

import datetime
import time

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration

WINDOW = datetime.timedelta(seconds=2)  # per channel; the seed uses 24 h each


@pytest.fixture(scope="module")
def served(serve_example):
    return serve_example("mistakes.sequential_channel_waits")


@pytest.fixture
def short_windows(served, monkeypatch):
    monkeypatch.setattr(served.module.settings, "channel_window", WINDOW)


@pytest.mark.wait_floor(4)  # 2 s email window + 2 s phone window, both time out
def test_a_call_during_the_email_wait_is_never_seen(served, inngest_api, short_windows):
    lead_id = unique("lead")
    run = inngest_api.run_for_event(inngest_api.send("mistake-seq-waits/await-response", {"lead_id": lead_id}))
    inngest_api.wait_for_step(run.id, "wait-email", "WAITING")

    # The lead answers the phone while the workflow is still waiting for email.
    inngest_api.send("mistake-seq-waits/call-completed", {"lead_id": lead_id, "outcome": "answered"})

    done = inngest_api.wait_for_run(run.id, timeout_s=30)
    assert done.output == {"lead_id": lead_id, "channel": None}
    assert inngest_api.step_names(run.id) == ["wait-email", "wait-phone", "no-response"]
    ledger = served.module.ledger
    assert ledger[(lead_id, "process-phone")] == 0
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
