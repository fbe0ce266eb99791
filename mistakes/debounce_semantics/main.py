"""The seed's search-index debounce, and what it really does.

The seed writes `inngest.Debounce(period="5m", key="event.data.document_id")`
and comments "Only runs once per document per 5 minutes". Two things are wrong:
"5m" is rejected by the Python SDK (`build_seed_form`), and debounce is not a
"once per period" limit: the run starts `period` after the LAST event of a
burst, with only that event; edits that never pause for `period` postpone the
run (indefinitely, without a `timeout`).

The runnable form below keeps the seed's code with a timedelta, and a 2 s
period standing in for 5 minutes so the tests run in seconds.

Run it:  INNGEST_DEV=1 uvicorn mistakes.debounce_semantics.main:app --port 8000
"""

import datetime
import logging
import time

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-debounce-semantics", logger=logging.getLogger("uvicorn"))
CONTENT_UPDATED = "mistake-debounce/content.updated"
PERIOD = datetime.timedelta(seconds=2)  # the seed's 5 minutes, shortened

indexed: list[dict] = []  # {"document_id", "revision", "at": unix seconds}


async def update_index(document_id: str, revision: int) -> dict:
    indexed.append({"document_id": document_id, "revision": revision, "at": time.time()})
    return {"document_id": document_id, "revision": revision}


def build_seed_form() -> inngest.Function:
    # --8<-- [start:seed_period_string]
    # WRONG: Debounce.period takes a timedelta or integer milliseconds; "5m" raises FunctionConfigInvalidError
    @inngest_client.create_function(
        fn_id="search-index-update-as-written",
        trigger=inngest.TriggerEvent(event=CONTENT_UPDATED),
        debounce=inngest.Debounce(period="5m", key="event.data.document_id"),
    )
    async def update_search_index(ctx: inngest.Context) -> None:
        pass
    # --8<-- [end:seed_period_string]

    return update_search_index


# --8<-- [start:once_per_period]
# WRONG: debounce is not "once per document per period": it runs `period` after the LAST event, with that event only
@inngest_client.create_function(
    fn_id="search-index-update",
    trigger=inngest.TriggerEvent(event=CONTENT_UPDATED),
    debounce=inngest.Debounce(period=PERIOD, key="event.data.document_id"),
)
async def update_search_index(ctx: inngest.Context) -> dict:
    # "Only runs once per document per 5 minutes" (the seed's comment)
    data = ctx.event.data
    return await ctx.step.run("update-index", update_index, data["document_id"], data["revision"])
# --8<-- [end:once_per_period]


functions = [update_search_index]
app = FastAPI(title="mistake: debounce semantics")
inngest.fast_api.serve(app, inngest_client, functions)
