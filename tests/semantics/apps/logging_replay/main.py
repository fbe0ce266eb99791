"""ctx.logger (the SDK's replay-aware proxy) next to a plain logger, in a 3-step function."""

import logging

import inngest
import inngest.fast_api
from fastapi import FastAPI


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


replay_aware = logging.getLogger("semantics.logging.ctx")
plain = logging.getLogger("semantics.logging.plain")
for logger in (replay_aware, plain):
    logger.setLevel(logging.INFO)
    logger.propagate = False
captured = Lines()
replay_aware.addHandler(captured)
plain.addHandler(captured)

inngest_client = inngest.Inngest(app_id="semantics-logging", logger=replay_aware)
IMPORT_REQUESTED = "semantics-logging/import.requested"


async def noop(n: int) -> int:
    return n


@inngest_client.create_function(fn_id="import", trigger=inngest.TriggerEvent(event=IMPORT_REQUESTED))
async def import_rows(ctx: inngest.Context) -> dict:
    job = ctx.event.data["job_id"]
    for n in range(3):
        ctx.logger.info(f"ctx {job} before step {n}")
        plain.info(f"plain {job} before step {n}")
        await ctx.step.run(f"step-{n}", noop, n)
    ctx.logger.info(f"ctx {job} done")
    plain.info(f"plain {job} done")
    return {"job_id": job}


functions = [import_rows]
app = FastAPI(title="semantics: replay-aware logging")
inngest.fast_api.serve(app, inngest_client, functions)
