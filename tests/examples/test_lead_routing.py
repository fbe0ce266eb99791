"""examples/lead_routing: step chaining with a branch on a step's result."""

import pytest

from checks.sdk_probes import count_handler_calls
from inngest_kit.api import settled_step_names, settled_steps, unique

pytestmark = pytest.mark.integration

ENTERPRISE_WITH_PHONE = {
    "name": "Ada",
    "email": "ada@bigco.example",
    "phone": "+15550100",
    "company": "BigCo",
    "company_size": 2000,
}
SMALL_BUSINESS = {"name": "Bob", "email": "bob@shop.example", "company": "Shop", "company_size": 12}


@pytest.fixture(scope="module")
def lead_app(serve_example):
    return serve_example("lead_routing")


@pytest.fixture(scope="module")
def handler_calls(lead_app):
    return count_handler_calls(lead_app.module.inngest_client)


def start(lead_app, lead: dict) -> tuple[str, str]:
    resp = lead_app.http.post("/leads", json=lead)
    assert resp.status_code == 202, resp.text
    body = resp.json()
    return body["lead_id"], body["event_ids"][0]


def test_enterprise_lead_with_phone_is_called(lead_app, inngest_api):
    lead_id, event_id = start(lead_app, ENTERPRISE_WITH_PHONE)
    run = inngest_api.complete(event_id)

    assert run.output["lead_id"] == lead_id
    assert run.output["method"] == "phone"
    assert run.output["contact"] == {"call_id": f"call-{lead_id}", "phone": "+15550100"}
    expected = [
        "create-profile", "create-offer", "create-strategy", "create-call-script", "place-call",
    ]
    assert settled_step_names(inngest_api, run.id, expected) == expected
    calls = [c for c in lead_app.services.calls if c["lead_id"] == lead_id]
    assert len(calls) == 1
    assert not [m for m in lead_app.services.outbox if m["lead_id"] == lead_id]


def test_small_business_lead_is_emailed(lead_app, inngest_api):
    lead_id, event_id = start(lead_app, SMALL_BUSINESS)
    run = inngest_api.complete(event_id)

    assert run.output["method"] == "email"
    expected = [
        "create-profile", "create-offer", "create-strategy", "create-email", "send-email",
    ]
    assert settled_step_names(inngest_api, run.id, expected) == expected
    sent = [m for m in lead_app.services.outbox if m["lead_id"] == lead_id]
    assert [m["to"] for m in sent] == ["bob@shop.example"]
    assert sent[0]["subject"] == "Bob, your starter-trial"


def test_small_business_lead_with_a_phone_is_still_emailed(lead_app, inngest_api):
    """The strategy step decides, not the presence of a phone number: only enterprise
    leads are called."""
    lead_id, event_id = start(lead_app, {**SMALL_BUSINESS, "phone": "+15550199"})
    run = inngest_api.complete(event_id)

    assert run.output["method"] == "email"
    assert not [c for c in lead_app.services.calls if c["lead_id"] == lead_id]
    assert [m["to"] for m in lead_app.services.outbox if m["lead_id"] == lead_id] == ["bob@shop.example"]


def test_the_email_goes_to_the_leads_own_address_whatever_else_the_event_carries(lead_app, inngest_api):
    """Events come from other producers too (a CRM sync) and may carry more addresses; the
    email goes to lead["email"], the address the lead gave."""
    lead_id = unique("lead")
    lead = {**SMALL_BUSINESS, "company_email": "info@shop.example", "billing_email": "ap@shop.example"}
    run = inngest_api.complete(inngest_api.send("lead/created", {"lead_id": lead_id, "lead": lead}))

    assert run.output["contact"] == {"message_id": f"msg-{lead_id}", "to": "bob@shop.example"}
    assert [m["to"] for m in lead_app.services.outbox if m["lead_id"] == lead_id] == ["bob@shop.example"]


def test_enterprise_lead_without_phone_falls_back_to_email(lead_app, inngest_api):
    lead = {**ENTERPRISE_WITH_PHONE, "phone": None}
    _, event_id = start(lead_app, lead)
    run = inngest_api.complete(event_id)
    assert run.output["method"] == "email"


def test_steps_outputs_are_stored_as_json(lead_app, inngest_api):
    _, event_id = start(lead_app, SMALL_BUSINESS)
    run = inngest_api.complete(event_id)
    offer_step = next(s for s in inngest_api.steps(run.id) if s.name == "create-offer")
    assert offer_step.status == "COMPLETED"
    assert inngest_api.step_output(offer_step).data == {"plan": "starter-trial", "discount_pct": 20}


def test_finished_steps_are_not_re_executed_when_the_handler_replays(lead_app, inngest_api, handler_calls):
    lead_id, event_id = start(lead_app, SMALL_BUSINESS)
    run = inngest_api.complete(event_id)
    steps = [s.name for s in settled_steps(inngest_api, run.id, 5)]  # the trace can lag the run's end
    assert len(steps) == 5

    # The handler ran from the top once per step, plus once to finish...
    assert handler_calls[run.id] == len(steps) + 1
    # ...yet every step's side effect happened exactly once.
    ledger = lead_app.services.ledger
    assert {action: ledger[(lead_id, action)] for action in steps} == {action: 1 for action in steps}
