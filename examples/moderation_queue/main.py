"""FastAPI app: flag content for moderation; moderators submit their decision through an endpoint.

Run it:  INNGEST_DEV=1 uvicorn examples.moderation_queue.main:app --port 8000
"""

from typing import Literal

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel

from .client import inngest_client
from .config import settings
from .functions import CONTENT_FLAGGED, CONTENT_REVIEWED, functions

app = FastAPI(title="content moderation")


class FlagIn(BaseModel):
    content_id: str
    text: str


class ReviewIn(BaseModel):
    moderator: str
    action: Literal["keep", "hide", "remove"]


@app.post("/flags", status_code=202)
async def flag_content(flag: FlagIn) -> dict:
    ids = await inngest_client.send(inngest.Event(name=CONTENT_FLAGGED, data=flag.model_dump()))
    return {"content_id": flag.content_id, "event_ids": ids}


# --8<-- [start:review_endpoint]
@app.post("/content/{content_id}/review", status_code=202)
async def submit_review(content_id: str, review: ReviewIn) -> dict:
    ids = await inngest_client.send(
        inngest.Event(name=CONTENT_REVIEWED, data={"content_id": content_id, **review.model_dump()})
    )
    return {"content_id": content_id, "event_ids": ids}
# --8<-- [end:review_endpoint]


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
