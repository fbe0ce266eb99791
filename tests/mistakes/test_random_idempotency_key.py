"""A per-attempt random Idempotency-Key: the retried charge charges again.

The one retry's back-off is asserted as scheduled and skipped (inngest_kit.timeskip.skip_retries)."""

import time

import pytest

from inngest_kit.api import unique
from inngest_kit.timeskip import skip_retries

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def random_key_app(serve_example):
    return serve_example("mistakes.random_idempotency_key")


@pytest.fixture(scope="module")
def stable_key_app(serve_example):
    return serve_example("payment_idempotency")


def test_random_key_charges_twice_after_a_lost_response(random_key_app, inngest_api, time_skipper):
    invoice_id = unique("inv")
    random_key_app.module.lose_response_once_for.add(invoice_id)
    sent_at = time.time()
    run = inngest_api.run_for_event(
        inngest_api.send("mistakebilling/invoice.due", {"invoice_id": invoice_id, "amount_cents": 4200})
    )
    assert [t.attempt for t in skip_retries(time_skipper, run.id, 1, since=sent_at)] == [1]

    inngest_api.wait_for_run(run.id)  # the run looks perfectly healthy...
    assert random_key_app.module.ledger[(invoice_id, "request")] == 2
    assert random_key_app.module.ledger[(invoice_id, "charge")] == 2  # ...and the customer paid twice


def test_stable_key_charges_once_after_a_lost_response(stable_key_app, inngest_api, time_skipper):
    invoice_id = unique("inv")
    stable_key_app.services.lose_response_once_for.add(invoice_id)
    sent_at = time.time()
    run = inngest_api.run_for_event(
        inngest_api.send(
            "billing/invoice.due", {"invoice_id": invoice_id, "customer_id": "cus-1", "amount_cents": 4200}
        )
    )
    assert [t.attempt for t in skip_retries(time_skipper, run.id, 1, since=sent_at)] == [1]

    inngest_api.wait_for_run(run.id)
    assert stable_key_app.services.ledger[(invoice_id, "request")] == 2
    assert stable_key_app.services.ledger[(invoice_id, "charge")] == 1
