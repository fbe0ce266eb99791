import inngest

from . import services
from .client import inngest_client

MESSAGE_RECEIVED = "support/message.received"


def fallback_context(data: dict) -> dict:
    """What the event itself tells us: enough to draft a reply, less than the API."""
    return {"body": data.get("message_body", ""), "sender_email": data.get("customer_email", ""), "messages": None}


# --8<-- [start:get_context]
async def get_context(conversation_id: str, event_data: dict) -> dict:
    try:
        return {"source": "api", **await services.fetch_conversation(conversation_id)}
    except services.ConversationNotFound:
        # Permanent: a retry gives the same 404, so fall back now (one call).
        return {"source": "fallback", **fallback_context(event_data)}
    # Anything else (timeouts, 5xx) propagates: Inngest retries the step, and the
    # real data usually arrives on a later attempt. Falling back here would turn
    # every brief blip into a degraded result, memoized for good.


@inngest_client.create_function(
    fn_id="draft-support-reply",
    trigger=inngest.TriggerEvent(event=MESSAGE_RECEIVED),
    retries=2,
)
async def draft_support_reply(ctx: inngest.Context) -> dict:
    conversation_id: str = ctx.event.data["conversation_id"]
    try:
        context = await ctx.step.run("get-context", get_context, conversation_id, dict(ctx.event.data))
    except inngest.StepError:
        # Still failing after every retry: degrade instead of failing the run.
        # Built from the event only, so it is deterministic and needs no step.
        context = {"source": "fallback", **fallback_context(ctx.event.data)}
    reply = await ctx.step.run("draft-reply", services.draft_reply, conversation_id, context)
    return {"conversation_id": conversation_id, "context_source": context["source"], **reply}
# --8<-- [end:get_context]


functions = [draft_support_reply]
