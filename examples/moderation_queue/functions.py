import inngest

from . import services
from .client import inngest_client
from .config import settings

CONTENT_FLAGGED = "moderation/content.flagged"
CONTENT_REVIEWED = "moderation/content.reviewed"


# --8<-- [start:moderate]
@inngest_client.create_function(
    fn_id="moderate-content",
    trigger=inngest.TriggerEvent(event=CONTENT_FLAGGED),
)
async def moderate_content(ctx: inngest.Context) -> dict:
    content_id: str = ctx.event.data["content_id"]

    classification = await ctx.step.run("classify", services.classify, content_id, ctx.event.data["text"])
    if classification["confidence"] >= settings.auto_action_confidence:
        applied = await ctx.step.run(
            "auto-action", services.apply_decision, content_id, classification["action"], "classifier"
        )
        return {"status": "auto-actioned", **applied}

    await ctx.step.run("queue-for-review", services.add_to_review_queue, content_id, classification)

    # Fields compared, not interpolated: matches a review of *this* content only.
    review = await ctx.step.wait_for_event(
        "wait-review",
        event=CONTENT_REVIEWED,
        if_exp="async.data.content_id == event.data.content_id",
        timeout=settings.review_sla,
    )
    if review is None:  # SLA breached: page a senior moderator and wait again
        await ctx.step.run("escalate", services.escalate_to_senior, content_id)
        review = await ctx.step.wait_for_event(
            "wait-escalated-review",
            event=CONTENT_REVIEWED,
            if_exp="async.data.content_id == event.data.content_id",
            timeout=settings.escalation_sla,
        )

    if review is None:
        ticket = await ctx.step.run("mark-manual-handling", services.mark_for_manual_handling, content_id)
        return {"status": "manual-handling", "content_id": content_id, **ticket}

    applied = await ctx.step.run(
        "apply-decision", services.apply_decision, content_id, review.data["action"], review.data["moderator"]
    )
    return {"status": "reviewed", **applied}
# --8<-- [end:moderate]


functions = [moderate_content]
