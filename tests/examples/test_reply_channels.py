"""examples/reply_channels: one normalized reply event from every channel, one wait.

The no-reply test waits a 2 s reply timeout in real time; the filtering test keeps the
2-day default, asserts when the server scheduled its timeout, and skips it once the
non-replies have reached the server."""

import datetime
import time

import pytest

from inngest_kit.api import assert_step_names, now_rfc3339, unique

pytestmark = pytest.mark.integration

SHORT = datetime.timedelta(seconds=2)  # stands in for the 2-day default
ROOMY = datetime.timedelta(seconds=15)  # long enough that a reply always beats it
DEFAULT = datetime.timedelta(days=2)  # the production reply timeout (nothing times out by itself)


@pytest.fixture(scope="module")
def reply_app(serve_example):
    return serve_example("reply_channels")


@pytest.fixture
def reply_timeout(reply_app, monkeypatch):
    def set_timeout(value: datetime.timedelta) -> None:
        monkeypatch.setattr(reply_app.module.settings, "reply_timeout", value)

    set_timeout(ROOMY)
    return set_timeout


def start_outreach(app, api) -> tuple[dict, str]:
    """Start outreach to a new lead; return the lead and its run id once the run waits."""
    lead = {"lead_id": unique("lead"), "email": "ada@bigco.example", "phone": f"+1555{time.time_ns() % 10**7:07d}"}
    resp = app.http.post(f"/leads/{lead['lead_id']}/outreach", json={"email": lead["email"], "phone": lead["phone"]})
    assert resp.status_code == 202, resp.text
    run = api.run_for_event(resp.json()["event_ids"][0])
    api.wait_for_step(run.id, "wait-for-reply", "WAITING")
    return lead, run.id


def post(app, path: str, body: dict) -> dict:
    resp = app.http.post(path, json=body)
    assert resp.status_code == 202, resp.text
    return resp.json()


def email_reply(app, lead: dict, text: str = "Sounds good, call me") -> dict:
    to = app.services.reply_address(lead["lead_id"])
    return post(app, "/webhooks/email", {"from": lead["email"], "to": to, "text": text})


def sms_reply(app, lead: dict, text: str = "yes interested") -> dict:
    return post(app, "/webhooks/sms", {"From": lead["phone"], "Body": text})


def call_completed(app, lead: dict, outcome: str, notes: str = "") -> dict:
    return post(app, "/webhooks/call-completed", {"to": lead["phone"], "outcome": outcome, "notes": notes})


@pytest.mark.parametrize(
    ("channel", "reply", "text"),
    [
        ("email", lambda app, lead: email_reply(app, lead, "Sounds good"), "Sounds good"),
        ("sms", lambda app, lead: sms_reply(app, lead, "yes"), "yes"),
        ("phone", lambda app, lead: call_completed(app, lead, "answered", "wants a demo"), "wants a demo"),
    ],
)
def test_a_reply_on_any_channel_resumes_the_one_wait(reply_app, inngest_api, reply_timeout, channel, reply, text):
    lead, run_id = start_outreach(reply_app, inngest_api)
    assert reply(reply_app, lead)["matched"] is True

    done = inngest_api.wait_for_run(run_id)
    assert done.output == {"lead_id": lead["lead_id"], "replied": True, "channel": channel}
    assert_step_names(inngest_api, run_id, ["send-outreach", "wait-for-reply", "process-reply"])
    assert [p for p in reply_app.services.processed if p["lead_id"] == lead["lead_id"]] == [
        {"lead_id": lead["lead_id"], "channel": channel, "text": text}
    ]


def test_the_wait_step_returns_the_normalized_event(reply_app, inngest_api, reply_timeout):
    lead, run_id = start_outreach(reply_app, inngest_api)
    sms_reply(reply_app, lead, "STOP")
    inngest_api.wait_for_run(run_id)

    wait = next(s for s in inngest_api.steps(run_id) if s.name == "wait-for-reply")
    event = inngest_api.step_output(wait).data
    assert event["name"] == "outreach/lead.replied"
    assert event["data"] == {"lead_id": lead["lead_id"], "channel": "sms", "text": "STOP"}


def test_missed_calls_and_strangers_do_not_count(reply_app, inngest_api, reply_timeout, time_skipper):
    reply_timeout(DEFAULT)
    since = now_rfc3339()
    sent_at = time.time()
    lead, run_id = start_outreach(reply_app, inngest_api)
    timer = time_skipper.wait_for_timer(run_id, kind="pause", step="wait-for-reply")
    low = datetime.datetime.fromtimestamp(sent_at, datetime.UTC) + DEFAULT
    high = datetime.datetime.fromtimestamp(time.time(), datetime.UTC) + DEFAULT
    assert low <= timer.due <= high, f"reply timeout due {timer.due}, expected within [{low}, {high}]"

    assert call_completed(reply_app, lead, "no-answer")["matched"] is False
    assert sms_reply(reply_app, {"phone": "+19990000000"})["matched"] is False
    # Another lead's reply reaches the server but does not match this run's wait.
    other = {"lead_id": unique("lead"), "email": "x@example.com"}
    assert email_reply(reply_app, other)["matched"] is True
    deadline = time.monotonic() + 20
    while not [e for e in inngest_api.events("outreach/lead.replied", since=since)
               if e["data"]["lead_id"] == other["lead_id"]]:
        assert time.monotonic() < deadline, "the other lead's reply did not reach the server"
        time.sleep(0.1)
    # The server has that reply and the run still waits on its 2-day timeout: skip it.
    assert inngest_api.run(run_id).status == "RUNNING"
    assert [t.item_id for t in time_skipper.skip(run_id, kind="pause")] == [timer.item_id]

    done = inngest_api.wait_for_run(run_id, timeout_s=20)
    assert done.output == {"lead_id": lead["lead_id"], "replied": False}
    assert reply_app.services.ledger[(lead["lead_id"], "process-reply")] == 0


@pytest.mark.wait_floor(2)  # 2 s reply timeout
def test_no_reply_in_time_marks_the_lead_unresponsive(reply_app, inngest_api, reply_timeout):
    reply_timeout(SHORT)
    lead, run_id = start_outreach(reply_app, inngest_api)
    waiting_since = time.monotonic()

    done = inngest_api.wait_for_run(run_id, timeout_s=20)
    assert time.monotonic() - waiting_since >= SHORT.total_seconds() - 0.5
    assert done.output == {"lead_id": lead["lead_id"], "replied": False}
    assert_step_names(inngest_api, run_id, ["send-outreach", "wait-for-reply", "mark-unresponsive"])
    assert reply_app.services.ledger[(lead["lead_id"], "mark-unresponsive")] == 1
    assert reply_app.services.ledger[(lead["lead_id"], "process-reply")] == 0


def test_a_lead_id_outside_the_safe_alphabet_is_refused(reply_app):
    resp = reply_app.http.post('/leads/say"hi"/outreach', json={"email": "x@example.com"})
    assert resp.status_code == 422


def test_the_documented_reply_timeout_is_the_default():
    from examples.reply_channels.config import Settings

    assert Settings().reply_timeout == datetime.timedelta(days=2)
