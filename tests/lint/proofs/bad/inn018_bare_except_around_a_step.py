"""A bare `except:` catches the SDK's step interrupt: the step's result is never reported."""

import inngest

client = inngest.Inngest(app_id="lint-inn018-except", is_production=False)
PROOF = {"rule": "INN018", "kind": "run", "event": "lint/inn018-except", "status": "COMPLETED", "output": "fallback"}


@client.create_function(fn_id="charge", trigger=inngest.TriggerEvent(event="lint/inn018-except"), retries=0)
async def charge(ctx: inngest.Context) -> str:
    try:
        return await ctx.step.run("charge", lambda: "charged")
    except:  # noqa: E722  # expect: INN018
        return "fallback"


functions = [charge]
