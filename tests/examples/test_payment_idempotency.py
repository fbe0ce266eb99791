"""examples/payment_idempotency: a stable Idempotency-Key makes the retried charge harmless."""

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def billing_app(serve_example):
    return serve_example("payment_idempotency")


def collect(app, api, invoice_id: str, customer_id: str):
    resp = app.http.post(f"/invoices/{invoice_id}/collect", json={"customer_id": customer_id, "amount_cents": 4200})
    assert resp.status_code == 202, resp.text
    return api.run_for_event(resp.json()["event_ids"][0])


@pytest.mark.wait_floor(1)  # one retry, 1 s retry interval
@pytest.mark.reliability
def test_charge_retried_after_a_lost_response_charges_once(billing_app, inngest_api):
    invoice_id, customer_id = unique("inv"), unique("cus")
    billing_app.services.lose_response_once_for.add(invoice_id)  # charged, but the answer is lost
    run = collect(billing_app, inngest_api, invoice_id, customer_id)

    done = inngest_api.wait_for_run(run.id)
    ledger = billing_app.services.ledger
    assert ledger[(invoice_id, "request")] == 2  # the step really ran twice...
    assert ledger[(invoice_id, "charge")] == 1  # ...and the card was charged once
    (charge,) = billing_app.services.charges_for_customer(customer_id)
    assert done.output == {"invoice_id": invoice_id, "charge_id": charge["charge_id"]}
    step = next(s for s in inngest_api.steps(run.id) if s.name == "charge-card")
    assert [c.status for c in step.children] == ["FAILED", "COMPLETED"]
    assert inngest_api.step_output(step.children[0]).error["name"] == "ConnectionLost"


def test_charge_without_trouble_is_one_request(billing_app, inngest_api):
    invoice_id, customer_id = unique("inv"), unique("cus")
    run = collect(billing_app, inngest_api, invoice_id, customer_id)

    inngest_api.wait_for_run(run.id)
    assert billing_app.services.ledger[(invoice_id, "request")] == 1
    assert billing_app.services.ledger[(invoice_id, "charge")] == 1


def test_two_invoices_of_one_customer_are_two_charges(billing_app, inngest_api):
    """The key is built from the invoice: a key built from the customer would hand the
    second invoice the first one's stored answer and charge nothing."""
    customer_id = unique("cus")
    first, second = unique("inv"), unique("inv")
    done = [inngest_api.wait_for_run(collect(billing_app, inngest_api, inv, customer_id).id) for inv in (first, second)]

    assert billing_app.services.ledger[(first, "charge")] == 1
    assert billing_app.services.ledger[(second, "charge")] == 1
    charges = billing_app.services.charges_for_customer(customer_id)
    assert len(charges) == 2
    assert done[0].output["charge_id"] != done[1].output["charge_id"]
