"""examples/lead_routing under inngest.experimental.mocked.

Proves the branch on the strategy step's result and that each step's code
runs once, with stubs replacing any step. Cannot prove what the server
stores: mocked hands a step's return value back as the Python object, while
the server stores JSON (tuples come back as lists, a datetime fails the run:
tests/examples/test_step_outputs.py).
"""

import datetime

import inngest
from inngest.experimental import mocked

from examples.lead_routing import services
from examples.lead_routing.functions import LEAD_CREATED, route_lead
from inngest_kit.api import unique

CLIENT = mocked.Inngest(app_id="lead-routing-unit")
STEPS = ("create-profile", "create-offer", "create-strategy")


def lead_event(lead_id: str, **lead) -> inngest.Event:
    base = {"name": "Ada", "email": "ada@example.com", "company": "Acme", "company_size": 10}
    return inngest.Event(name=LEAD_CREATED, data={"lead_id": lead_id, "lead": {**base, **lead}})


def test_enterprise_lead_with_a_phone_takes_the_phone_branch():
    lead_id = unique("lead")
    result = mocked.trigger(route_lead, lead_event(lead_id, company_size=900, phone="+100"), CLIENT)
    assert result.status is mocked.Status.COMPLETED
    assert result.output["method"] == "phone"
    assert result.output["contact"] == {"call_id": f"call-{lead_id}", "phone": "+100"}
    for step in (*STEPS, "create-call-script", "place-call"):
        assert services.ledger[(lead_id, step)] == 1, step
    assert services.ledger[(lead_id, "send-email")] == 0


def test_a_stubbed_strategy_forces_the_email_branch_without_running_the_step():
    lead_id = unique("lead")
    result = mocked.trigger(
        route_lead,
        lead_event(lead_id, company_size=900, phone="+100"),
        CLIENT,
        step_stubs={"create-strategy": {"first_method": "email", "offer_plan": "enterprise-pilot"}},
    )
    assert result.output["method"] == "email"
    assert services.ledger[(lead_id, "create-strategy")] == 0
    assert services.ledger[(lead_id, "send-email")] == 1


def test_cannot_prove_serialization_step_values_come_back_as_python_objects():
    client = inngest.Inngest(app_id="lead-routing-unit-shapes")

    @client.create_function(fn_id="shapes", trigger=inngest.TriggerEvent(event="unit/shapes"), retries=0)
    async def shapes(ctx: inngest.Context) -> dict:
        pair = await ctx.step.run("pair", lambda: ("a", 1))
        when = await ctx.step.run("when", lambda: datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
        return {"pair_type": type(pair).__name__, "when_type": type(when).__name__}

    result = mocked.trigger(shapes, inngest.Event(name="unit/shapes"), CLIENT)
    # On the real server: a list, and a FAILED run for the datetime.
    assert result.output == {"pair_type": "tuple", "when_type": "datetime"}
