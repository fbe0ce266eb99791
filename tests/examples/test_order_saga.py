"""examples/order_saga: compensation for every kind of step failure.

Retry back-offs (1 s on the test server) are asserted as scheduled and skipped
(inngest_kit.timeskip.skip_retries): the attempts and compensations are the claims."""

import time

import pytest

from inngest_kit.api import assert_step_names, unique
from inngest_kit.timeskip import skip_retries

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def saga_app(serve_example):
    return serve_example("order_saga")


def place(app, api, card: str = "tok_visa", *, shipping_down: bool = False):
    order_id = unique("ord")
    if shipping_down:
        app.services.shipping_down_for.add(order_id)
    resp = app.http.post(f"/orders/{order_id}", json={"items": ["sku-1", "sku-2"], "amount": 59.0, "card": card})
    assert resp.status_code == 202, resp.text
    return order_id, api.run_for_event(resp.json()["event_ids"][0])


def actions(app, order_id: str) -> list[str]:
    return [a for oid, a in app.services.actions if oid == order_id]


def test_order_completes_without_compensation(saga_app, inngest_api):
    order_id, run = place(saga_app, inngest_api)

    done = inngest_api.wait_for_run(run.id)
    assert done.output == {"order_id": order_id, "status": "completed", "shipment_id": f"shp-{order_id}"}
    assert actions(saga_app, order_id) == ["reserve-inventory", "charge-payment", "create-shipment"]


def test_retriable_error_that_exhausts_retries_compensates_earlier_steps(saga_app, inngest_api, time_skipper):
    sent_at = time.time()
    order_id, run = place(saga_app, inngest_api, card="tok_gateway_down")

    assert [t.attempt for t in skip_retries(time_skipper, run.id, 2, since=sent_at)] == [1, 2]
    failed = inngest_api.wait_for_run(run.id, "FAILED")
    # charge-payment: 3 attempts (retries=2), then StepError -> release the stock, once.
    assert actions(saga_app, order_id) == ["reserve-inventory"] + ["charge-payment"] * 3 + ["release-inventory"]
    assert (failed.output["name"], failed.output["message"]) == ("PaymentGatewayTimeout", "payment gateway timed out")
    assert [(s.name, s.status) for s in inngest_api.steps(run.id)] == [
        ("reserve-inventory", "COMPLETED"),
        ("charge-payment", "FAILED"),
        ("compensate-release-inventory", "COMPLETED"),
    ]


def test_non_retriable_error_in_a_step_compensates_and_the_step_runs_once(saga_app, inngest_api):
    order_id, run = place(saga_app, inngest_api, card="tok_declined")

    failed = inngest_api.wait_for_run(run.id, "FAILED")
    # The refusal is memoized as the step's result: charge-payment ran exactly
    # once although the handler was replayed after the compensation step.
    assert actions(saga_app, order_id) == ["reserve-inventory", "charge-payment", "release-inventory"]
    assert (failed.output["name"], failed.output["message"]) == (
        "NonRetriableError",
        f"card declined for order {order_id}",
    )
    assert_step_names(inngest_api, run.id, ["reserve-inventory", "charge-payment", "compensate-release-inventory"])
def test_failure_in_a_later_step_compensates_in_reverse_order_once_each(saga_app, inngest_api, time_skipper):
    sent_at = time.time()
    order_id, run = place(saga_app, inngest_api, shipping_down=True)

    assert [t.attempt for t in skip_retries(time_skipper, run.id, 2, since=sent_at)] == [1, 2]
    failed = inngest_api.wait_for_run(run.id, "FAILED")
    assert actions(saga_app, order_id) == (
        ["reserve-inventory", "charge-payment"] + ["create-shipment"] * 3 + ["refund-payment", "release-inventory"]
    )
    assert (failed.output["name"], failed.output["message"]) == ("ShippingUnavailable", "carrier API answered 503")
    assert inngest_api.step_names(run.id) == [
        "reserve-inventory",
        "charge-payment",
        "create-shipment",
        "compensate-refund-payment",
        "compensate-release-inventory",
    ]
    for action in ("reserve-inventory", "charge-payment", "refund-payment", "release-inventory"):
        assert saga_app.services.ledger[(order_id, action)] == 1, action
