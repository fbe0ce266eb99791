"""Seed 000 "### Saga Pattern with Compensation": what its saga really does with a NonRetriableError."""

import pytest

from inngest_kit.api import assert_step_names, unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def seed_saga(serve_example):
    return serve_example("mistakes.saga_compensation")


@pytest.fixture(scope="module")
def right_saga(serve_example):
    return serve_example("order_saga")


def calls(module, order_id: str) -> dict[str, int]:
    return {action: n for (oid, action), n in module.ledger.items() if oid == order_id}


def test_declined_charge_runs_once_per_replay(seed_saga, inngest_api):
    order_id = unique("ord")
    seed_saga.module.declined_cards.add(order_id)
    run = inngest_api.run_for_event(inngest_api.send("mistakesaga/order.place", {"order_id": order_id}))

    failed = inngest_api.wait_for_run(run.id, "FAILED")
    assert failed.output["name"] == "NonRetriableError"
    # The card was charged twice: once, then again on the replay after the
    # compensation step (the NonRetriableError is not memoized).
    assert calls(seed_saga.module, order_id) == {"reserve-inventory": 1, "charge-payment": 2, "release-inventory": 1}
    assert_step_names(inngest_api, run.id, ["reserve-inventory", "compensate-release-inventory"])
def test_refused_shipment_runs_once_per_replay(seed_saga, inngest_api):
    order_id = unique("ord")
    seed_saga.module.carrier_rejects.add(order_id)
    run = inngest_api.run_for_event(inngest_api.send("mistakesaga/order.place", {"order_id": order_id}))

    inngest_api.wait_for_run(run.id, "FAILED")
    # 1 + one replay per compensation step (refund, release) = 3 shipment calls.
    assert calls(seed_saga.module, order_id) == {
        "reserve-inventory": 1,
        "charge-payment": 1,
        "create-shipment": 3,
        "refund-payment": 1,
        "release-inventory": 1,
    }
    assert "create-shipment" not in inngest_api.step_names(run.id)


def test_right_form_runs_the_refused_step_once(right_saga, inngest_api):
    """examples/order_saga memoizes the refusal inside the step: one charge call."""
    order_id = unique("ord")
    event_id = inngest_api.send(
        "ordersaga/order.placed", {"order_id": order_id, "items": ["sku-1"], "amount": 10.0, "card": "tok_declined"}
    )
    run = inngest_api.run_for_event(event_id)

    inngest_api.wait_for_run(run.id, "FAILED")
    assert right_saga.services.ledger[(order_id, "charge-payment")] == 1
    assert right_saga.services.ledger[(order_id, "release-inventory")] == 1
