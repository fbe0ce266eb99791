"""A per-attempt random Idempotency-Key: the retried charge charges again."""

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def random_key_app(serve_example):
    return serve_example("mistakes.random_idempotency_key")


@pytest.fixture(scope="module")
def stable_key_app(serve_example):
    return serve_example("payment_idempotency")


@pytest.mark.wait_floor(1)  # one retry, 1 s retry interval
def test_random_key_charges_twice_after_a_lost_response(random_key_app, inngest_api):
    invoice_id = unique("inv")
    random_key_app.module.lose_response_once_for.add(invoice_id)
    run = inngest_api.run_for_event(
        inngest_api.send("mistakebilling/invoice.due", {"invoice_id": invoice_id, "amount_cents": 4200})
    )

    inngest_api.wait_for_run(run.id)  # the run looks perfectly healthy...
    assert random_key_app.module.ledger[(invoice_id, "request")] == 2
    assert random_key_app.module.ledger[(invoice_id, "charge")] == 2  # ...and the customer paid twice


@pytest.mark.wait_floor(1)  # one retry, 1 s retry interval
def test_stable_key_charges_once_after_a_lost_response(stable_key_app, inngest_api):
    invoice_id = unique("inv")
    stable_key_app.services.lose_response_once_for.add(invoice_id)
    run = inngest_api.run_for_event(
        inngest_api.send(
            "billing/invoice.due", {"invoice_id": invoice_id, "customer_id": "cus-1", "amount_cents": 4200}
        )
    )

    inngest_api.wait_for_run(run.id)
    assert stable_key_app.services.ledger[(invoice_id, "request")] == 2
    assert stable_key_app.services.ledger[(invoice_id, "charge")] == 1
