"""examples/api_tour: the quick reference in SKILL.md, run end to end."""

import datetime

import pytest

from inngest_kit.api import now_rfc3339, unique

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


@pytest.mark.wait_floor(3.5)  # sleep_until event time + 2 s (>= 1.5 s) + 2 s reply timeout
def test_tour_without_a_reply_times_out_and_still_completes(tour_app, inngest_api):
    run = inngest_api.run_for_event(place(tour_app, unique("order")))
    done = inngest_api.wait_for_run(run.id, timeout_s=30)
    assert done.output["replied"] is False
    wait = next(s for s in inngest_api.steps(run.id) if s.name == "wait-for-reply")
    assert wait.status == "COMPLETED" and inngest_api.step_output(wait).data is None


@pytest.mark.wait_floor(3.5)  # sleep_until event time + 2 s (>= 1.5 s) + 2 s reply timeout
def test_send_event_sends_once(tour_app, inngest_api):
    since = now_rfc3339()
    order_id = unique("order")
    run = inngest_api.run_for_event(place(tour_app, order_id))
    inngest_api.wait_for_run(run.id, timeout_s=30)
    # The handler replays from the top for every step after announce-quote;
    # the event was still sent exactly once.
    quoted = [e for e in inngest_api.events("tour/order.quoted", since=since) if e["data"]["order_id"] == order_id]
    assert len(quoted) == 1
    assert quoted[0]["data"]["total_cents"] == 750
