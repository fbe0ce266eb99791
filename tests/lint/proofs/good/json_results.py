"""Step and function results JSON can hold: an ISO timestamp, a sorted list, a dict."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-good-json", is_production=False)
PROOF = {"kind": "run", "event": "lint/good-json", "status": "COMPLETED", "output_has": "\"tags\": [\"a\", \"b\"]"}


def stamp() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


@client.create_function(fn_id="stamp", trigger=inngest.TriggerEvent(event="lint/good-json"), retries=0)
async def stamp_order(ctx: inngest.Context) -> dict:
    at = await ctx.step.run("stamp", stamp)
    tags = await ctx.step.run("tags", lambda: sorted({"b", "a"}))
    return {"at": at, "tags": tags}


functions = [stamp_order]
