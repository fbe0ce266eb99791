"""examples/idempotency: a function idempotency key, and event-id deduplication.

What these tests prove: a duplicate within seconds starts no run, also after the
first run has finished, and the server registers `idempotency` as a rate limit of
1 per 24 h. The 24 h lifetime itself is cited from the server source (see
mistakes/event_id_window), not waited out.
"""

import json
import time

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration

# Proving a negative: how long we watch for a run that must not start.
NO_RUN_WINDOW_S = 2.0


@pytest.fixture(scope="module")
def billing(serve_example):
    return serve_example("idempotency")


def place_order(app, order_id: str, amount: float = 25.0) -> str:
    resp = app.http.post(f"/orders/{order_id}", json={"amount": amount})
    assert resp.status_code == 202, resp.text
    return resp.json()["event_ids"][0]


def request_receipt(app, order_id: str) -> str:
    resp = app.http.post(f"/orders/{order_id}/receipt", json={"email": "kim@example.com"})
    assert resp.status_code == 202, resp.text
    return resp.json()["event_ids"][0]


def runs_of_events(api, event_ids: list[str], expect: int) -> list:
    """All runs the given events started, once `expect` of them exist (then a short
    extra watch, so a run that should not exist has time to show up)."""
    deadline = time.monotonic() + 20
    while True:
        runs = [r for e in event_ids for r in api.runs_for_event(e, expect=0, timeout_s=0.1)]
        if len(runs) >= expect or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    time.sleep(NO_RUN_WINDOW_S)  # proving that no further run appears
    return [r for e in event_ids for r in api.runs_for_event(e, expect=0, timeout_s=0.1)]


@pytest.mark.wait_floor(4)  # 2 s window proving no second run + 2 s window for the third delivery
def test_same_idempotency_key_starts_one_run(billing, inngest_api):
    order = unique("ord")
    # Two near-simultaneous deliveries of the same order (even with other data):
    # exactly one of them starts a run. Which one wins the race is not defined.
    sent = [place_order(billing, order, amount=25.0), place_order(billing, order, amount=99.0)]
    runs = runs_of_events(inngest_api, sent, expect=1)
    assert len(runs) == 1, runs
    done = inngest_api.wait_for_run(runs[0].id)
    assert done.output["order_id"] == order and done.output["charged"] in (25.0, 99.0)

    # Still deduplicated after the first run has finished (not only while it runs).
    third = place_order(billing, order)
    assert inngest_api.runs_for_event(third, expect=0, timeout_s=NO_RUN_WINDOW_S) == []
    assert billing.services.ledger[(order, "charge")] == 1


def test_a_different_key_runs(billing, inngest_api):
    order_a, order_b = unique("ord-a"), unique("ord-b")
    inngest_api.complete(place_order(billing, order_a))
    assert inngest_api.complete(place_order(billing, order_b)).output["order_id"] == order_b
    assert billing.services.ledger[(order_a, "charge")] == 1
    assert billing.services.ledger[(order_b, "charge")] == 1


def test_server_registers_idempotency_as_a_24h_rate_limit_of_one(billing, inngest_api):
    slug = billing.module.functions[0].id
    config = next(json.loads(f["config"]) for f in inngest_api.functions() if f["slug"] == slug)
    assert config["rateLimit"] == {"limit": 1, "period": "24h0m0s", "key": "event.data.order_id"}


@pytest.mark.wait_floor(4)  # 2 s window proving no second run + 2 s window for the third delivery
def test_same_event_id_starts_one_run_per_function(billing, inngest_api):
    order = unique("ord")
    sent = [request_receipt(billing, order), request_receipt(billing, order)]  # both id="receipt-<order>"
    assert sent[0] != sent[1]  # the API answers with a fresh internal id each time

    runs = runs_of_events(inngest_api, sent, expect=2)
    # One run of each function the event triggers: the dedupe key is per function.
    assert sorted(r.function_slug for r in runs) == ["order-billing-count-receipt", "order-billing-send-receipt"]
    for run in runs:
        inngest_api.wait_for_run(run.id)
    # Also after both runs have finished.
    third = inngest_api.send(
        "billing/receipt.requested", {"order_id": order, "email": "kim@example.com"}, id=f"receipt-{order}"
    )
    assert inngest_api.runs_for_event(third, expect=0, timeout_s=NO_RUN_WINDOW_S) == []
    assert billing.services.ledger[(order, "send-receipt")] == 1
    assert billing.services.ledger[(order, "count-receipt")] == 1


def test_events_without_an_id_are_not_deduplicated(billing, inngest_api):
    order = unique("ord")
    payload = {"order_id": order, "email": "kim@example.com"}
    ids = [inngest_api.send("billing/receipt.requested", payload) for _ in range(2)]
    for event_id in ids:
        for run in inngest_api.runs_for_event(event_id, expect=2):
            inngest_api.wait_for_run(run.id)
    assert billing.services.ledger[(order, "send-receipt")] == 2
