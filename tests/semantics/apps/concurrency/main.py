"""What a concurrency limit counts: executing steps, not runs.

Every step records when it started and ended (monotonic clock, this process),
so a test can see which steps of which runs really overlapped. The app's clock
stops before the server hears the answer, so a measured overlap can only be
lower than the server's own count, never higher.
"""

from __future__ import annotations

import asyncio
import datetime
import time
from dataclasses import dataclass
from types import SimpleNamespace

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="semantics-concurrency")

SLEEPER = "semantics-concurrency/sleeper.started"
SINGLE_SLEEPER = "semantics-concurrency/single-sleeper.started"
WAITER = "semantics-concurrency/waiter.started"
RELEASE = "semantics-concurrency/waiter.released"
FLAKY = "semantics-concurrency/flaky.started"
FLAKY_RETRY_AT = "semantics-concurrency/flaky-retry-at.started"

settings = SimpleNamespace(
    step_s=0.3,  # how long each recorded step works
    # Longer than the 5 s a run blocked by the limit may be set aside before
    # it is looked at again (PartitionConcurrencyLimitRequeueExtension).
    nap=datetime.timedelta(seconds=8),
    wait_timeout=datetime.timedelta(seconds=30),
    flaky_step_s=0.6,
    single_nap=datetime.timedelta(seconds=4),
)


@dataclass
class Execution:
    run: str  # the test's tag for the run
    step: str
    attempt: int
    started: float
    ended: float


executions: list[Execution] = []


async def work(run: str, step: str, attempt: int, seconds: float, fail: bool = False) -> dict:
    started = time.monotonic()
    await asyncio.sleep(seconds)
    executions.append(Execution(run, step, attempt, started, time.monotonic()))
    if fail:
        raise RuntimeError(f"{step} of {run} fails on attempt {attempt}")
    return {"run": run, "step": step}


@inngest_client.create_function(
    fn_id="sleeper",
    trigger=inngest.TriggerEvent(event=SLEEPER),
    concurrency=[inngest.Concurrency(limit=1, key="event.data.key")],
    retries=0,
)
async def sleeper(ctx: inngest.Context) -> dict:
    run = ctx.event.data["run"]
    await ctx.step.run("before", work, run, "before", ctx.attempt, settings.step_s)
    await ctx.step.sleep("nap", settings.nap)
    await ctx.step.run("after", work, run, "after", ctx.attempt, settings.step_s)
    return {"run": run}


@inngest_client.create_function(
    fn_id="single-sleeper",
    trigger=inngest.TriggerEvent(event=SINGLE_SLEEPER),
    singleton=inngest.Singleton(key="event.data.key", mode="skip"),
    retries=0,
)
async def single_sleeper(ctx: inngest.Context) -> dict:
    run = ctx.event.data["run"]
    await ctx.step.run("before", work, run, "before", ctx.attempt, settings.step_s)
    await ctx.step.sleep("nap", settings.single_nap)
    await ctx.step.run("after", work, run, "after", ctx.attempt, settings.step_s)
    return {"run": run}


@inngest_client.create_function(
    fn_id="waiter",
    trigger=inngest.TriggerEvent(event=WAITER),
    concurrency=[inngest.Concurrency(limit=1, key="event.data.key")],
    retries=0,
)
async def waiter(ctx: inngest.Context) -> dict:
    run = ctx.event.data["run"]
    await ctx.step.run("before", work, run, "before", ctx.attempt, settings.step_s)
    released = await ctx.step.wait_for_event(
        "wait-release", event=RELEASE, if_exp="async.data.run == event.data.run", timeout=settings.wait_timeout
    )
    await ctx.step.run("after", work, run, "after", ctx.attempt, settings.step_s)
    return {"run": run, "released": released is not None}


@inngest_client.create_function(
    fn_id="flaky",
    trigger=inngest.TriggerEvent(event=FLAKY),
    concurrency=[inngest.Concurrency(limit=5)],
    retries=2,
)
async def flaky(ctx: inngest.Context) -> dict:
    run = ctx.event.data["run"]
    # Every first attempt fails after working for a while: retries and fresh
    # runs then compete for the same 5 slots.
    await ctx.step.run("work", work, run, "work", ctx.attempt, settings.flaky_step_s, ctx.attempt == 0)
    return {"run": run}


async def work_then_ask_for_a_retry(run: str, attempt: int, seconds: float, retry_at_ms: int) -> dict:
    started = time.monotonic()
    await asyncio.sleep(seconds)
    executions.append(Execution(run, "work", attempt, started, time.monotonic()))
    if attempt == 0:
        retry_at = datetime.datetime.fromtimestamp(retry_at_ms / 1000, tz=datetime.UTC)
        raise inngest.RetryAfterError("busy", retry_at)
    return {"run": run}


@inngest_client.create_function(
    fn_id="flaky-retry-at",
    trigger=inngest.TriggerEvent(event=FLAKY_RETRY_AT),
    concurrency=[inngest.Concurrency(limit=5)],
    retries=1,
)
async def flaky_retry_at(ctx: inngest.Context) -> dict:
    # Every first attempt asks to be retried at the same instant, so all the
    # retries of a burst come due together, at a moment the test chooses.
    data = ctx.event.data
    return await ctx.step.run(
        "work", work_then_ask_for_a_retry, data["run"], ctx.attempt, settings.flaky_step_s, data["retry_at_ms"]
    )


functions = [sleeper, single_sleeper, waiter, flaky, flaky_retry_at]
app = FastAPI(title="semantics: concurrency")
inngest.fast_api.serve(app, inngest_client, functions)
