"""The app the production-stack tests serve, in its own process, in cloud mode (keys from the environment).

Each function holds a run in one of the states a restart can hit: asleep, waiting
for an event (to be resumed, or to time out), waiting for a retry, and a pending
debounce; `burst` is a concurrency-limited function for the two-instance test.
Every step execution is written to a SQLite ledger (STACK_LEDGER), so the test
sees what ran, how often and when, from outside the app.
"""

from __future__ import annotations

import asyncio
import datetime
import os
import sqlite3
import time

import inngest
import inngest.fast_api
from fastapi import FastAPI

client = inngest.Inngest(app_id="stack-probe")
LEDGER = os.environ["STACK_LEDGER"]
DEBOUNCE_S = float(os.environ.get("STACK_DEBOUNCE_S", "10"))
BURST_LIMIT = int(os.environ.get("STACK_BURST_LIMIT", "5"))
BURST_WORK_S = float(os.environ.get("STACK_BURST_WORK_S", "0.05"))


def _ledger() -> sqlite3.Connection:
    conn = sqlite3.connect(LEDGER, timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS steps (key TEXT, step TEXT, attempt INT, started REAL, ended REAL,"
                 " run_id TEXT)")
    return conn


def record(ctx: inngest.Context, key: str, step: str, started: float, ended: float | None = None) -> None:
    conn = _ledger()
    try:
        conn.execute("INSERT INTO steps VALUES (?, ?, ?, ?, ?, ?)", (key, step, ctx.attempt, started, ended, ctx.run_id))
    finally:
        conn.close()


async def stamped(ctx: inngest.Context, step: str) -> float:
    """A step that records its execution and returns when it ran."""

    async def stamp() -> float:
        now = time.time()
        record(ctx, ctx.event.data["key"], step, now)
        return now

    return await ctx.step.run(step, stamp)


@client.create_function(fn_id="sleeper", trigger=inngest.TriggerEvent(event="stack/sleep"))
async def sleeper(ctx: inngest.Context) -> dict:
    began = await stamped(ctx, "before")
    await ctx.step.sleep("hold", datetime.timedelta(seconds=ctx.event.data["seconds"]))
    woke = await stamped(ctx, "after")
    return {"slept_s": round(woke - began, 3)}


@client.create_function(fn_id="waiter", trigger=inngest.TriggerEvent(event="stack/wait"))
async def waiter(ctx: inngest.Context) -> dict:
    began = await stamped(ctx, "before")
    reply = await ctx.step.wait_for_event(
        "reply", event="stack/reply", if_exp="async.data.key == event.data.key",
        timeout=datetime.timedelta(seconds=ctx.event.data["timeout_s"]),
    )
    return {"reply": reply.data if reply else None, "waited_s": round(time.time() - began, 3)}


@client.create_function(fn_id="retrier", trigger=inngest.TriggerEvent(event="stack/retry"), retries=3)
async def retrier(ctx: inngest.Context) -> dict:
    key = ctx.event.data["key"]

    async def flaky() -> dict:
        record(ctx, key, "flaky", time.time())
        if ctx.attempt == 0:
            # The first attempt fails and asks for its retry this much later: the run
            # then waits in the queue, which is what the restart hits.
            raise inngest.RetryAfterError("not yet", datetime.timedelta(seconds=ctx.event.data["retry_after_s"]))
        return {"attempt": ctx.attempt}

    return await ctx.step.run("flaky", flaky)


@client.create_function(
    fn_id="debounced", trigger=inngest.TriggerEvent(event="stack/debounce"),
    debounce=inngest.Debounce(key="event.data.key", period=datetime.timedelta(seconds=DEBOUNCE_S)),
)
async def debounced(ctx: inngest.Context) -> dict:
    key = ctx.event.data["key"]

    async def handle() -> int:
        record(ctx, key, "handle", time.time())
        return ctx.event.data["n"]

    return {"n": await ctx.step.run("handle", handle)}


@client.create_function(
    fn_id="burst", trigger=inngest.TriggerEvent(event="stack/burst"),
    concurrency=[inngest.Concurrency(limit=BURST_LIMIT)],
)
async def burst(ctx: inngest.Context) -> dict:
    seq = str(ctx.event.data["seq"])

    async def work() -> str:
        started = time.time()
        await asyncio.sleep(BURST_WORK_S)
        record(ctx, seq, "work", started, time.time())
        return seq

    return {"seq": await ctx.step.run("work", work)}


functions = [sleeper, waiter, retrier, debounced, burst]
app = FastAPI(title="stack probe")
inngest.fast_api.serve(app, client, functions)
