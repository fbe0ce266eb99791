"""Grader's copy of app/services.py. A "quick" user confirms while the email is being
sent: the flag is set and accounts/email.confirmed is emitted 2 s before this call returns."""

import asyncio
import json
import os
import urllib.request

from evals_ledger import entries, record


def _emit_confirmed(user_id: str) -> None:
    body = json.dumps([{"name": "accounts/email.confirmed", "data": {"user_id": user_id}}]).encode()
    req = urllib.request.Request(f"{os.environ['INNGEST_DEV'].rstrip('/')}/e/test", data=body,
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=5) as resp:  # noqa: S310 (loopback dev server)
        resp.read()


async def send_confirmation_email(user_id: str) -> dict:
    record("send_confirmation_email", key=user_id)
    if "quick" in user_id and not [e for e in entries("confirmed") if e.get("key") == user_id]:
        record("confirmed", key=user_id)
        _emit_confirmed(user_id)
        # The provider's API answers a while after the (prefetched) link was clicked. Without
        # this the server may still be processing the event when the wait starts, and a wait
        # that starts first does see it: the loss is a race, made certain here.
        await asyncio.sleep(2.0)
    return {"user_id": user_id, "sent": True}


async def is_confirmed(user_id: str) -> bool:
    return any(e.get("key") == user_id for e in entries("confirmed"))


async def activate(user_id: str) -> dict:
    record("activate", key=user_id)
    return {"user_id": user_id, "active": True}


async def deactivate(user_id: str) -> dict:
    record("deactivate", key=user_id)
    return {"user_id": user_id, "active": False}
