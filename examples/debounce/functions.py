import inngest

from . import services
from .client import inngest_client
from .config import settings

DOCUMENT_EDITED = "search/document.edited"


# --8<-- [start:reindex_document]
@inngest_client.create_function(
    fn_id="reindex-document",
    trigger=inngest.TriggerEvent(event=DOCUMENT_EDITED),
    # One pending run per document. Every new edit restarts the quiet period;
    # the run starts `period` after the LAST edit and sees only that edit.
    # `timeout` caps the wait, counted from the first edit of the burst.
    debounce=inngest.Debounce(
        key="event.data.document_id",
        period=settings.reindex_quiet_period,
        timeout=settings.reindex_max_delay,
    ),
)
async def reindex_document(ctx: inngest.Context) -> dict:
    # ctx.event is the last event of the burst; earlier ones are dropped.
    document_id: str = ctx.event.data["document_id"]
    revision: int = ctx.event.data["revision"]
    return await ctx.step.run("reindex", services.reindex, document_id, revision)
# --8<-- [end:reindex_document]


functions = [reindex_document]
