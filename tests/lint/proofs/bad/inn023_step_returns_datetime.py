"""A step that returns a datetime: JSON cannot carry it."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn023-datetime", is_production=False)
PROOF = {"rule": "INN023", "kind": "run", "event": "lint/inn023-datetime", "status": "FAILED",
         "output_has": "serializ"}


def stamp() -> datetime.datetime:  # expect: INN023
    return datetime.datetime.now(datetime.UTC)


@client.create_function(fn_id="stamp", trigger=inngest.TriggerEvent(event="lint/inn023-datetime"), retries=0)
async def stamp_order(ctx: inngest.Context) -> None:
    await ctx.step.run("stamp", stamp)


functions = [stamp_order]
