"""Signup service."""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel

from . import services

inngest_client = inngest.Inngest(app_id="signup-service", is_production=False)


@inngest_client.create_function(fn_id="welcome-user", trigger=inngest.TriggerEvent(event="users/signed.up"))
async def welcome_user(ctx: inngest.Context) -> dict:
    user_id = ctx.event.data["user_id"]
    await ctx.step.run("send-welcome", services.send_welcome, user_id)
    return {"user_id": user_id}


app = FastAPI(title="signups")


class Signup(BaseModel):
    user_id: str


@app.post("/signups", status_code=202)
async def signup(body: Signup) -> dict:
    ids = await inngest_client.send(inngest.Event(name="users/signed.up", data={"user_id": body.user_id}))
    return {"event_ids": ids}


inngest.fast_api.serve(app, inngest_client, [welcome_user])
