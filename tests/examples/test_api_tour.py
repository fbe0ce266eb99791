"""examples/api_tour: the quick reference in SKILL.md, run end to end.

The first test waits its 1-2 s timers in real time. The others sleep at the production
defaults (1 h pause, sleep_until a day after the event) and assert each due time the
server scheduled before skipping it. A skipped wait_for_event timeout leaves its trace
span WAITING (like a skipped sleep's RUNNING span): the test that asserts the timed-out
wait's span waits its 2 s timeout in real time; the send_event test skips a 2-day one."""

import datetime
import time

import pytest

from inngest_kit.api import now_rfc3339, unique
from inngest_kit.testing import reset_to_defaults
from inngest_kit.timeskip import assert_due

pytestmark = pytest.mark.integration

S = datetime.timedelta(seconds=1)


@pytest.fixture
def tour_app(serve_example, monkeypatch):
    app = serve_example("api_tour")
    monkeypatch.setattr(app.module.settings, "pause", S)
    monkeypatch.setattr(app.module.settings, "follow_up_after", 2 * S)
    monkeypatch.setattr(app.module.settings, "reply_timeout", 2 * S)
    return app


def place(app, order_id: str) -> str:
    resp = app.http.post(f"/orders/{order_id}")
    assert resp.status_code == 202, resp.text
    return resp.json()["event_ids"][0]


def skip_the_tours_waits(app, api, skipper, run_id: str, sent_at: float, *, reply_timeout: bool = True) -> None:
    """The run at production defaults: assert when each of its waits is due, then skip it
    (the reply timeout too unless `reply_timeout=False`). No reply is sent, so the wait
    ends by its timeout."""
    settings = app.module.settings
    pause = skipper.wait_for_timer(run_id, kind="sleep", step="pause")
    assert_due(pause, sent_at, time.time(), settings.pause)
    skipper.skip(run_id, kind="sleep", step="pause")

    # sleep_until: the event's own timestamp + follow_up_after, to the whole second the server keeps.
    follow_up = skipper.wait_for_timer(run_id, kind="sleep", step="follow-up-time")
    event_ts = datetime.datetime.fromtimestamp(api.trigger(run_id)["payloads"][0]["ts"] / 1000, tz=datetime.UTC)
    expected = event_ts + settings.follow_up_after
    assert abs((follow_up.due - expected).total_seconds()) <= 1.0, (follow_up.due, expected)
    before_wait = time.time()
    skipper.skip(run_id, kind="sleep", step="follow-up-time")
    if not reply_timeout:
        return

    reply = skipper.wait_for_timer(run_id, kind="pause")
    assert (reply.label, reply.step) == ("wait_for_event timeout", "wait-for-reply")
    assert_due(reply, before_wait, time.time(), settings.reply_timeout)
    skipper.skip(run_id, kind="pause")


@pytest.mark.wait_floor(1.5)  # sleep_until event time + 2 s (rounded by the server to whole seconds: >= 1.5 s)
def test_tour_runs_every_step_api_in_order(tour_app, inngest_api, monkeypatch):
    monkeypatch.setattr(tour_app.module.settings, "reply_timeout", datetime.timedelta(seconds=20))
    order_id = unique("order")
    run = inngest_api.run_for_event(place(tour_app, order_id))
    inngest_api.wait_for_step(run.id, "wait-for-reply", "WAITING")
    assert tour_app.http.post(f"/orders/{order_id}/reply").status_code == 202

    done = inngest_api.wait_for_run(run.id, timeout_s=30)
    assert done.output == {"order_id": order_id, "total_cents": 825, "replied": True, "in_stock": True, "risk": "low"}
    steps = inngest_api.steps(run.id)
    assert [(s.name, s.op) for s in steps[:6]] == [
        ("quote-price", "RUN"),
        ("pause", "SLEEP"),
        ("follow-up-time", "SLEEP"),
        ("wait-for-reply", "WAIT_FOR_EVENT"),
        ("announce-quote", "RUN"),
        ("compute-tax", "INVOKE"),
    ]
    # sleep_until's moment comes from the event (its ts + follow_up_after), so every
    # replay computes the same one; the server scheduled exactly that (to the whole second).
    sent_ms = inngest_api.trigger(run.id)["payloads"][0]["ts"]
    wake = datetime.datetime.fromisoformat(next(s for s in steps if s.name == "follow-up-time").info["sleepUntil"])
    expected = datetime.datetime.fromtimestamp(sent_ms / 1000, tz=datetime.UTC) + 2 * S
    assert abs((wake - expected).total_seconds()) <= 0.6, (wake, expected)
    # The two parallel steps may be recorded in either order.
    assert sorted(s.name for s in steps[6:]) == ["check-fraud", "check-stock"]
    assert all(s.status == "COMPLETED" for s in steps)
    ledger = tour_app.services.ledger
    assert [ledger[(order_id, a)] for a in ("quote-price", "check-stock", "check-fraud")] == [1, 1, 1]


@pytest.mark.wait_floor(2)  # the 2 s reply timeout (the sleeps are skipped)
def test_tour_without_a_reply_times_out_and_still_completes(tour_app, inngest_api, time_skipper, monkeypatch):
    monkeypatch.setattr(tour_app.module.settings, "pause", datetime.timedelta(hours=1))
    monkeypatch.setattr(tour_app.module.settings, "follow_up_after", datetime.timedelta(days=1))
    sent_at = time.time()
    run = inngest_api.run_for_event(place(tour_app, unique("order")))
    skip_the_tours_waits(tour_app, inngest_api, time_skipper, run.id, sent_at, reply_timeout=False)
    waiting_since = time.monotonic()
    done = inngest_api.wait_for_run(run.id, timeout_s=30)
    assert done.output["replied"] is False
    wait = next(s for s in inngest_api.steps(run.id) if s.name == "wait-for-reply")
    assert wait.status == "COMPLETED" and inngest_api.step_output(wait).data is None
    assert time.monotonic() - waiting_since >= 1.5  # it timed out, after its 2 s (whole seconds)


def test_send_event_sends_once(tour_app, inngest_api, time_skipper, monkeypatch):
    reset_to_defaults(tour_app.module.settings, monkeypatch)
    since = now_rfc3339()
    sent_at = time.time()
    order_id = unique("order")
    run = inngest_api.run_for_event(place(tour_app, order_id))
    skip_the_tours_waits(tour_app, inngest_api, time_skipper, run.id, sent_at)
    inngest_api.wait_for_run(run.id, timeout_s=30)
    # The handler replays from the top for every step after announce-quote;
    # the event was still sent exactly once.
    quoted = [e for e in inngest_api.events("tour/order.quoted", since=since) if e["data"]["order_id"] == order_id]
    assert len(quoted) == 1
    assert quoted[0]["data"]["total_cents"] == 750
