"""FastAPI app: start a trial; a reminder goes out `remind_before` before it ends.

Run it:  INNGEST_DEV=1 uvicorn examples.trial_reminder.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import AwareDatetime, BaseModel

from .client import inngest_client
from .config import settings
from .functions import TRIAL_STARTED, functions

app = FastAPI(title="trial reminder")


# --8<-- [start:trial_endpoint]
class TrialIn(BaseModel):
    account_id: str
    email: str
    trial_ends_at: AwareDatetime  # a timestamp without a zone is refused (422)


@app.post("/trials", status_code=202)
async def start_trial(trial: TrialIn) -> dict:
    ids = await inngest_client.send(inngest.Event(name=TRIAL_STARTED, data=trial.model_dump(mode="json")))
    return {"account_id": trial.account_id, "event_ids": ids}
# --8<-- [end:trial_endpoint]


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
