"""FastAPI app: submit a question; the agent loop runs as a durable function.

Run it:  INNGEST_DEV=1 uvicorn examples.agent_loop.main:app --port 8000
"""

import uuid

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .config import settings
from .functions import TASK_SUBMITTED, functions

app = FastAPI(title="research agent")


class TaskIn(BaseModel):
    question: str = Field(min_length=1)


@app.post("/tasks", status_code=202)
async def submit_task(task: TaskIn) -> dict:
    task_id = f"task_{uuid.uuid4().hex[:12]}"
    ids = await inngest_client.send(inngest.Event(name=TASK_SUBMITTED, data={"task_id": task_id, **task.model_dump()}))
    return {"task_id": task_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
