import uuid

import inngest
from fastapi import APIRouter
from pydantic import BaseModel

from ..inngest.client import inngest_client
from ..inngest.events import NOTIFICATION_REQUESTED, USER_SIGNED_UP

router = APIRouter(prefix="/users", tags=["users"])


class SignupIn(BaseModel):
    email: str
    plan: str = "free"


# --8<-- [start:send_several]
@router.post("", status_code=202)
async def sign_up(body: SignupIn) -> dict:
    user_id = f"usr_{uuid.uuid4().hex[:12]}"
    # Several events in one request to the Event API; each starts its own
    # workflow. Not atomic: the server stores them one by one and stops at the
    # first invalid event (see the tests), so each event must be valid alone.
    ids = await inngest_client.send(
        [
            inngest.Event(name=USER_SIGNED_UP, data={"user_id": user_id, **body.model_dump()}),
            inngest.Event(
                name=NOTIFICATION_REQUESTED, data={"to": body.email, "template": "welcome", "ref": user_id}
            ),
        ]
    )
    return {"user_id": user_id, "event_ids": ids}
# --8<-- [end:send_several]
