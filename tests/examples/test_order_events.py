"""examples/order_events: several event triggers on one function, and a trigger expression."""

import datetime
import time

import pytest

from inngest_kit.api import assert_step_names

pytestmark = pytest.mark.integration

HANDLE = "order-events-handle-order-event"
FLAG = "order-events-flag-large-order"
# How long we watch for a run that must NOT start. An event's runs appear
# within ~0.2 s on an idle server; 3 s survives a loaded 2-core machine.
NO_RUN_WINDOW_S = 3.0


@pytest.fixture(scope="module")
def orders_app(serve_example):
    return serve_example("order_events")


def place(app, amount: float, qty: int = 2) -> tuple[str, str]:
    resp = app.http.post("/orders", json={"amount": amount, "items": [{"sku": "sku-1", "qty": qty}]})
    assert resp.status_code == 202, resp.text
    return resp.json()["order_id"], resp.json()["event_ids"][0]


def now_rfc3339() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


def test_placed_event_takes_the_placed_branch(orders_app, inngest_api):
    order_id, event_id = place(orders_app, amount=40, qty=3)
    done = inngest_api.complete(event_id, function=HANDLE)
    assert done.output == {"order_id": order_id, "event": "storefront/order.placed", "reserved": 3}
    assert_step_names(inngest_api, done.id, ["reserve-stock"])
    assert orders_app.services.ledger[(order_id, "reserve-stock")] == 1


def test_updated_event_takes_the_update_branch(orders_app, inngest_api):
    order_id, _ = place(orders_app, amount=40)
    resp = orders_app.http.put(f"/orders/{order_id}", json={"amount": 60, "items": [{"sku": "sku-1", "qty": 5}]})
    done = inngest_api.complete(resp.json()["event_ids"][0], function=HANDLE)
    assert done.output == {"order_id": order_id, "event": "storefront/order.updated", "reserved": 5}
    assert_step_names(inngest_api, done.id, ["update-reservation"])
    assert orders_app.services.ledger[(order_id, "update-reservation")] == 1
    assert orders_app.services.ledger[(order_id, "release-stock")] == 0


def test_cancelled_event_takes_the_cancel_branch(orders_app, inngest_api):
    order_id, _ = place(orders_app, amount=40)
    resp = orders_app.http.post(f"/orders/{order_id}/cancel", json={"reason": "out of stock"})
    done = inngest_api.complete(resp.json()["event_ids"][0], function=HANDLE)
    assert done.output == {
        "order_id": order_id,
        "event": "storefront/order.cancelled",
        "released": True,
        "reason": "out of stock",
    }
    assert_step_names(inngest_api, done.id, ["release-stock"])
    assert orders_app.services.ledger[(order_id, "release-stock")] == 1


def test_the_server_registers_every_trigger_and_the_expression(orders_app, inngest_api):
    fns = {f["slug"]: f for f in inngest_api.functions()}
    handle = sorted((t["type"], t["value"], t["condition"]) for t in fns[HANDLE]["triggers"])
    assert handle == [
        ("EVENT", "storefront/order.cancelled", None),
        ("EVENT", "storefront/order.placed", None),
        ("EVENT", "storefront/order.updated", None),
    ]
    assert [(t["type"], t["value"], t["condition"]) for t in fns[FLAG]["triggers"]] == [
        ("EVENT", "storefront/order.placed", "event.data.amount > 100")
    ]


@pytest.mark.wait_floor(3)  # 3 s window proving non-matching events start no run
def test_expression_starts_runs_only_for_matching_events(orders_app, inngest_api):
    since = now_rfc3339()
    small_id, small_event = place(orders_app, amount=50)
    edge_id, edge_event = place(orders_app, amount=100)  # not > 100
    no_amount_event = inngest_api.send(
        "storefront/order.placed", {"order_id": "ord_without_amount", "items": [{"sku": "sku-1"}]}
    )
    large_id, large_event = place(orders_app, amount=250)

    # The large order starts two runs: the lifecycle handler and the review.
    runs = inngest_api.runs_for_event(large_event, expect=2)
    assert sorted(r.function_slug for r in runs) == [FLAG, HANDLE]
    review = inngest_api.complete(large_event, function=FLAG)
    assert review.output == {"review_id": f"rev-{large_id}", "amount": 250}

    # The others start only the handler. Wait on purpose: we prove an absence.
    time.sleep(NO_RUN_WINDOW_S)
    for event_id in (small_event, edge_event, no_amount_event):
        slugs = [r.function_slug for r in inngest_api.runs_for_event(event_id, expect=0, timeout_s=0.1)]
        assert slugs == [HANDLE], (event_id, slugs)
    flagged = inngest_api.runs_of_function(FLAG, since=since)
    assert len(flagged) == 1
    assert inngest_api.trigger(flagged[0].id)["IDs"] == [large_event]
    assert orders_app.services.ledger[(large_id, "fraud-review")] == 1
    assert orders_app.services.ledger[(small_id, "fraud-review")] == 0
    assert orders_app.services.ledger[(edge_id, "fraud-review")] == 0
