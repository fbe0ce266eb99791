"""examples/order_items: dynamic steps in a loop, ids from data.

A retry's back-off is asserted as scheduled and skipped (inngest_kit.timeskip.skip_retries)."""

import hashlib
import time

import pytest

from inngest_kit.api import assert_step_names, unique
from inngest_kit.timeskip import skip_retries

pytestmark = pytest.mark.integration

ITEMS = [
    {"sku": "KB-101", "qty": 1, "unit_price": 49.0},
    {"sku": "MS-202", "qty": 2, "unit_price": 19.5},
    {"sku": "HD-303", "qty": 1, "unit_price": 89.99},
]

_STEP_IDS = """
query ($id: String!) { run(runID: $id) { trace { childrenSpans { name stepID stepOp status attempts } } } }
"""


def step_spans(api, run_id: str) -> list[dict]:
    """name, stepID (the hashed id the SDK sent), op, status, attempts of each step span."""
    spans = api.gql(_STEP_IDS, id=run_id)["run"]["trace"]["childrenSpans"]
    return [s for s in spans if s["stepOp"]]


@pytest.fixture(scope="module")
def order_app(serve_example):
    return serve_example("order_items")


def place(api, items: list[dict], order_id: str) -> str:
    return api.send("shop/order.placed", {"order_id": order_id, "customer_id": "cus_1", "items": items})


def retried_once(api, skipper, order_id: str):
    """Place the order; assert its one retry is scheduled 1 s after the failure and skip it; the completed run."""
    sent_at = time.time()
    run = api.run_for_event(place(api, ITEMS, order_id))
    assert [t.attempt for t in skip_retries(skipper, run.id, 1, since=sent_at)] == [1]
    return api.wait_for_run(run.id, "COMPLETED")


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def counts(app, order_id: str) -> dict:
    return {action: n for (oid, action), n in app.services.ledger.items() if oid == order_id}


def test_each_line_is_reserved_once_then_charged(order_app, inngest_api):
    resp = order_app.http.post("/orders", json={"customer_id": "cus_1", "items": ITEMS})
    assert resp.status_code == 202, resp.text
    order_id = resp.json()["order_id"]
    run = inngest_api.complete(resp.json()["event_ids"][0])

    assert_step_names(inngest_api, run.id, ["reserve-KB-101", "reserve-MS-202", "reserve-HD-303", "charge-payment"])
    assert run.output["total"] == 177.99
    assert len(run.output["reservations"]) == 3
    assert counts(order_app, order_id) == {
        "reserve KB-101 attempt": 1, "reserve KB-101": 1,
        "reserve MS-202 attempt": 1, "reserve MS-202": 1,
        "reserve HD-303 attempt": 1, "reserve HD-303": 1,
        "charge attempt": 1, "charge": 1,
    }


def test_a_failed_line_is_retried_without_redoing_the_finished_lines(order_app, inngest_api, time_skipper):
    order_id = unique("ord")
    order_app.services.outages[(order_id, "reserve HD-303")] = 1  # the third line fails once
    run = retried_once(inngest_api, time_skipper, order_id)

    spans = {s["name"]: s for s in step_spans(inngest_api, run.id)}
    assert spans["reserve-HD-303"]["attempts"] == 1  # retried once
    assert spans["reserve-KB-101"]["attempts"] == spans["reserve-MS-202"]["attempts"] == 0
    ledger = counts(order_app, order_id)
    # The handler replayed from the top for the retry, but the first two lines
    # came from stored results: their service was called once.
    assert ledger["reserve KB-101 attempt"] == ledger["reserve MS-202 attempt"] == 1
    assert ledger["reserve HD-303 attempt"] == 2
    assert ledger["reserve HD-303"] == 1
    assert ledger["charge"] == 1


def test_a_failed_charge_repeats_no_reservation(order_app, inngest_api, time_skipper):
    order_id = unique("ord")
    order_app.services.outages[(order_id, "charge")] = 1
    run = retried_once(inngest_api, time_skipper, order_id)

    ledger = counts(order_app, order_id)
    assert ledger["charge attempt"] == 2 and ledger["charge"] == 1
    assert [ledger[f"reserve {item['sku']} attempt"] for item in ITEMS] == [1, 1, 1]
    assert run.output["charge_id"] == f"ch-{order_id}"


def test_a_repeated_step_id_is_made_unique_by_the_sdk(order_app, inngest_api):
    """Two lines with the same SKU give the step id "reserve-KB-101" twice. The
    SDK hashes the second use as "reserve-KB-101:1" (StepBase._parse_step_id), so
    both run once. The suffix is positional: it is only safe because the loop
    order comes from the event and is the same on every replay."""
    order_id = unique("ord")
    items = [*ITEMS, {"sku": "KB-101", "qty": 3, "unit_price": 49.0}]
    run = inngest_api.complete(place(inngest_api, items, order_id))

    spans = step_spans(inngest_api, run.id)
    kb = [s for s in spans if s["name"] == "reserve-KB-101"]
    assert [s["stepID"] for s in kb] == [sha1("reserve-KB-101"), sha1("reserve-KB-101:1")]
    assert all(s["status"] == "COMPLETED" for s in kb)
    assert counts(order_app, order_id)["reserve KB-101"] == 2
    assert [r["qty"] for r in order_app.services.reservations if r["order_id"] == order_id and r["sku"] == "KB-101"] == [1, 3]
