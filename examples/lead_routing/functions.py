import inngest

from . import services
from .client import inngest_client

LEAD_CREATED = "lead/created"


# --8<-- [start:route_lead]
@inngest_client.create_function(
    fn_id="route-lead",
    trigger=inngest.TriggerEvent(event=LEAD_CREATED),
    retries=3,
)
async def route_lead(ctx: inngest.Context) -> dict:
    lead_id: str = ctx.event.data["lead_id"]
    lead: dict = ctx.event.data["lead"]

    # Each step's result is stored by Inngest. When the function is called
    # again for the next step, finished steps return their stored result
    # instead of running again.
    profile = await ctx.step.run("create-profile", services.create_profile, lead_id, lead)
    offer = await ctx.step.run(
        "create-offer",
        services.create_offer,
        lead_id,
        profile["individual_profile"],
        profile["company_profile"],
    )
    strategy = await ctx.step.run(
        "create-strategy", services.create_strategy, lead_id, profile, offer, bool(lead.get("phone"))
    )

    # Branch on a step's result: the branch is deterministic on replay
    # because `strategy` is the stored value, not a fresh computation.
    if strategy["first_method"] == "phone":
        script = await ctx.step.run("create-call-script", services.write_call_script, lead_id, profile, offer)
        contact = await ctx.step.run("place-call", services.place_call, lead_id, lead["phone"], script)
    else:
        email = await ctx.step.run("create-email", services.write_email, lead_id, profile, offer)
        contact = await ctx.step.run("send-email", services.send_email, lead_id, lead["email"], email)

    return {"lead_id": lead_id, "method": strategy["first_method"], "contact": contact}
# --8<-- [end:route_lead]


functions = [route_lead]
