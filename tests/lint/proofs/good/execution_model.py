"""The execution model respected: work and sends inside steps, results assigned from steps,
values read once in a step, stable step ids, errors caught as StepError."""

import time

import inngest

client = inngest.Inngest(app_id="lint-good-execution", is_production=False)
PROOF = {"kind": "run", "event": "lint/good-execution", "status": "COMPLETED", "ledger": ("audit_log", 1),
         "events": ("lint/good-execution-next", 1), "output": {"rows": ["row-1"], "same": True, "charged": "ok"}}
audit_log: list = []


async def record(entry: str) -> None:
    audit_log.append(entry)


@client.create_function(fn_id="collect", trigger=inngest.TriggerEvent(event="lint/good-execution"), retries=0)
async def collect(ctx: inngest.Context) -> dict:
    await ctx.step.run("record", record, "started")
    await ctx.step.send_event("next", inngest.Event(name="lint/good-execution-next", data={}))
    rows = await ctx.step.run("fetch", lambda: ["row-1"])
    started = await ctx.step.run("now", time.time_ns)
    first = await ctx.step.run("first", lambda: started)
    try:
        charged = await ctx.step.run(f"charge-{ctx.event.data.get('order', 'o-1')}", lambda: "ok")
    except inngest.StepError:
        charged = "failed"
    return {"rows": rows, "same": first == started, "charged": charged}


functions = [collect]
