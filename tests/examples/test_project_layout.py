"""examples/project_layout: a FastAPI project with several workflows, one client,
one registry, and routers that send events."""

import importlib

import inngest
import pytest
from inngest._internal.errors import SendEventsError  # not exported by `inngest`; it has `.ids`

from inngest_kit.api import assert_step_names

pytestmark = pytest.mark.integration

APP = "project-layout"


@pytest.fixture(scope="module")
def layout_app(serve_example):
    return serve_example("project_layout")


@pytest.fixture(scope="module")
def services():
    return importlib.import_module("examples.project_layout.app.services")


def test_every_registered_function_syncs_with_its_trigger(layout_app, inngest_api):
    registry = importlib.import_module("examples.project_layout.app.inngest.registry")
    registered = {
        f["slug"]: [t["value"] for t in f["triggers"]] for f in inngest_api.functions() if f["slug"].startswith(APP)
    }
    assert registered == {
        "project-layout-onboard-user": ["acme/user.signed-up"],
        "project-layout-deliver-notification": ["acme/notification.requested"],
        "project-layout-charge-invoice": ["acme/invoice.created"],
    }
    assert {fn.id for fn in registry.functions} == set(registered)


def test_signup_sends_two_events_in_one_call_and_each_starts_its_workflow(layout_app, inngest_api, services):
    resp = layout_app.http.post("/users", json={"email": "kim@example.com", "plan": "team"})
    assert resp.status_code == 202, resp.text
    user_id = resp.json()["user_id"]
    signup_event, welcome_event = resp.json()["event_ids"]

    onboarded = inngest_api.complete(signup_event)
    assert onboarded.function_slug == "project-layout-onboard-user"
    assert onboarded.output == {
        "user_id": user_id,
        "workspace_id": f"ws-{user_id}",
        "plan": "team",
        "crm_contact_id": f"crm-{user_id}",
    }
    welcomed = inngest_api.complete(welcome_event)
    assert welcomed.function_slug == "project-layout-deliver-notification"
    assert welcomed.output == {"message_id": f"welcome-{user_id}"}
    assert services.ledger[(user_id, "create-workspace")] == 1
    assert services.ledger[(user_id, "deliver:welcome")] == 1


def test_invoice_workflow_hands_the_receipt_to_the_notification_workflow(layout_app, inngest_api, services):
    resp = layout_app.http.post("/invoices", json={"email": "kim@example.com", "amount_cents": 4200})
    invoice_id = resp.json()["invoice_id"]
    charged = inngest_api.complete(resp.json()["event_ids"][0])
    assert charged.output["charge_id"] == f"ch-{invoice_id}"
    assert_step_names(inngest_api, charged.id, ["charge", "request-receipt"])
    receipt = inngest_api.complete(charged.output["receipt_event_id"])
    assert receipt.output == {"message_id": f"receipt-{invoice_id}"}
    assert services.ledger[(invoice_id, "charge")] == 1
    assert services.ledger[(invoice_id, "deliver:receipt")] == 1


def test_sending_several_events_is_not_atomic(layout_app, inngest_api, services):
    """Seed 002 "### Sending Multiple Events" calls a list send atomic. The server
    stores the events one by one: the events before an invalid one are kept and
    start their runs, the invalid one and everything after it are dropped, and
    the SDK raises SendEventsError carrying the ids that were accepted."""
    client = layout_app.module.inngest_client
    with pytest.raises(SendEventsError) as err:
        client.send_sync(
            [
                inngest.Event(name="acme/user.signed-up", data={"user_id": "usr_partial", "email": "p@x.io", "plan": "free"}),
                inngest.Event(name="inngest/function.invoked", data={}),  # reserved name: rejected
                inngest.Event(name="acme/notification.requested", data={"to": "p@x.io", "template": "welcome", "ref": "usr_partial"}),
            ]
        )
    assert "event name is reserved for internal use" in str(err.value)
    assert len(err.value.ids) == 1  # only the first event was stored
    inngest_api.complete(err.value.ids[0])  # ...and its workflow ran
    assert services.ledger[("usr_partial", "create-workspace")] == 1
    assert services.ledger[("usr_partial", "deliver:welcome")] == 0
