"""examples/drip_campaign: one sequence, cancelled by any of three events, each matching only its own runs."""

import datetime
import time

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration

S = datetime.timedelta(seconds=1)
TIPS_DELAY = datetime.timedelta(seconds=3)  # long enough for a cancel to land during the sleep


@pytest.fixture(scope="module")
def drip(serve_example):
    return serve_example("drip_campaign")


@pytest.fixture
def timing(drip, monkeypatch):
    monkeypatch.setattr(drip.module.settings, "tips_delay", TIPS_DELAY)
    monkeypatch.setattr(drip.module.settings, "offer_delay", S)
    return drip.module.settings


def post(app, path: str) -> str:
    resp = app.http.post(path)
    assert resp.status_code == 202, resp.text
    return resp.json()["event_ids"][0]


def enroll_and_wait_for_sleep(app, api, campaign: str, user: str):
    run = api.run_for_event(post(app, f"/campaigns/{campaign}/users/{user}"))
    api.wait_for_step(run.id, "wait-before-tips", "RUNNING")  # a sleeping step shows RUNNING
    return run


def emails(app, user: str) -> list[str]:
    return [m["template"] for m in app.services.outbox if m["user_id"] == user]


@pytest.mark.wait_floor(4)  # 3 s tips delay + 1 s offer delay
def test_sequence_sends_all_emails_when_nothing_cancels_it(drip, inngest_api, timing):
    campaign, user = unique("camp"), unique("user")
    done = inngest_api.complete(post(drip, f"/campaigns/{campaign}/users/{user}"))
    assert done.output == {"user_id": user, "campaign_id": campaign, "emails_sent": 3}
    assert emails(drip, user) == ["welcome", "tips", "offer"]


@pytest.mark.wait_floor(4)  # 1 s tips delay + 3 s offer delay
def test_each_sleep_uses_its_own_delay(drip, inngest_api, monkeypatch):
    """The delays set apart (1 s, then 3 s): an offer sleep that reused the tips delay ends early."""
    monkeypatch.setattr(drip.module.settings, "tips_delay", S)
    monkeypatch.setattr(drip.module.settings, "offer_delay", 3 * S)
    campaign, user = unique("camp"), unique("user")
    started = time.monotonic()
    inngest_api.complete(post(drip, f"/campaigns/{campaign}/users/{user}"))
    assert time.monotonic() - started >= 4 * S.total_seconds() - 0.2
    assert emails(drip, user) == ["welcome", "tips", "offer"]


def test_the_documented_delays_are_the_defaults():
    from examples.drip_campaign.config import Settings

    assert (Settings().tips_delay, Settings().offer_delay) == (datetime.timedelta(days=2), datetime.timedelta(days=5))


@pytest.mark.wait_floor(4)  # the other user's run: 3 s tips delay + 1 s offer delay
@pytest.mark.parametrize("action", ["unsubscribe", "convert"])
def test_a_user_event_cancels_only_that_users_run(drip, inngest_api, timing, action):
    campaign = unique("camp")
    leaving, staying = unique("user-leaving"), unique("user-staying")
    run_leaving = enroll_and_wait_for_sleep(drip, inngest_api, campaign, leaving)
    run_staying = enroll_and_wait_for_sleep(drip, inngest_api, campaign, staying)

    post(drip, f"/users/{leaving}/{action}")

    inngest_api.wait_for_run(run_leaving.id, "CANCELLED", timeout_s=20)
    assert inngest_api.wait_for_run(run_staying.id, timeout_s=30).output["emails_sent"] == 3
    assert emails(drip, leaving) == ["welcome"]
    assert emails(drip, staying) == ["welcome", "tips", "offer"]


@pytest.mark.wait_floor(4)  # the other campaign's run: 3 s tips delay + 1 s offer delay
def test_pausing_a_campaign_cancels_every_run_of_that_campaign_only(drip, inngest_api, timing):
    paused, other = unique("camp-paused"), unique("camp-other")
    users = [unique("user"), unique("user")]
    paused_runs = [enroll_and_wait_for_sleep(drip, inngest_api, paused, u) for u in users]
    other_user = unique("user")
    other_run = enroll_and_wait_for_sleep(drip, inngest_api, other, other_user)

    post(drip, f"/campaigns/{paused}/pause")

    for run in paused_runs:
        inngest_api.wait_for_run(run.id, "CANCELLED", timeout_s=20)
    assert inngest_api.wait_for_run(other_run.id, timeout_s=30).output["campaign_id"] == other
    assert [emails(drip, u) for u in users] == [["welcome"], ["welcome"]]
    assert emails(drip, other_user) == ["welcome", "tips", "offer"]


@pytest.fixture
def held_sends(drip):
    """Keep email sends in flight until released (a slow provider)."""
    drip.services.hold_sends()
    yield drip.services.release_sends
    drip.services.release_sends()


@pytest.mark.wait_floor(4)  # 4 s fixed window (tips delay + 1 s) proving nothing runs after the cancel
def test_a_step_in_flight_when_cancelled_finishes_but_nothing_after_it_runs(drip, inngest_api, timing, held_sends):
    campaign, user = unique("camp"), unique("user")
    run = inngest_api.run_for_event(post(drip, f"/campaigns/{campaign}/users/{user}"))
    deadline = time.monotonic() + 20
    while drip.services.started[(user, "welcome")] == 0:  # the welcome email is being sent now
        assert time.monotonic() < deadline
        time.sleep(0.05)
    post(drip, f"/users/{user}/unsubscribe")

    inngest_api.wait_for_run(run.id, "CANCELLED", timeout_s=20)
    assert drip.services.ledger[(user, "welcome")] == 0  # cancelled while the email was still sending

    # The app is not interrupted: the welcome email finishes sending...
    held_sends()
    deadline = time.monotonic() + 10
    while drip.services.ledger[(user, "welcome")] == 0:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    # ...but the run does not go on: no sleep, no tips email.
    time.sleep(TIPS_DELAY.total_seconds() + 1)  # proving a negative: past the point tips would be sent
    assert emails(drip, user) == ["welcome"]
    assert drip.services.started[(user, "tips")] == 0
    assert "wait-before-tips" not in inngest_api.step_names(run.id)
    # The trace still shows the step as it ended in the app.
    assert [(s.name, s.status) for s in inngest_api.steps(run.id)] == [("send-welcome", "COMPLETED")]
