"""A concurrency limit counts steps that are executing, not runs that exist.

A run that sleeps or waits for an event holds no slot, so another run of the
same key starts its steps meanwhile: runs of one key interleave. The server
counts a slot per queue item being processed (one per step request), and a
sleep or a wait is no queue item in progress.
"""

import datetime
import time

import pytest

from inngest_kit.api import unique
from inngest_kit.timeskip import assert_due

pytestmark = pytest.mark.integration

APP = "tests.semantics.apps.concurrency"
# A sleep no test outlasts: nothing it holds up can happen by itself during the test,
# so what ran meanwhile ran while the run slept. The tests then skip it (time_skipper).
LONG_NAP = datetime.timedelta(hours=2)


@pytest.fixture(scope="module")
def app(serve_example):
    return serve_example(APP)


def execution(app, run: str, step: str):
    (found,) = [e for e in app.module.executions if e.run == run and e.step == step]
    return found


def max_overlap(executions) -> int:
    edges = sorted([(e.started, 1) for e in executions] + [(e.ended, -1) for e in executions])
    current = peak = 0
    for _, delta in edges:  # at equal times the end (-1) sorts first
        current += delta
        peak = max(peak, current)
    return peak


def test_a_sleeping_run_frees_its_slot_so_runs_of_one_key_interleave(app, inngest_api, time_skipper, monkeypatch):
    """The naps last 2 h, so A cannot wake by itself while B works: B runs its first
    step and reaches its own nap while A is still asleep. Then both naps end at the
    same instant and the limit of 1 must serialize the two last steps."""
    monkeypatch.setattr(app.module.settings, "nap", LONG_NAP)
    key, first, second = unique("key"), unique("a"), unique("b")
    sent_a = time.time()
    run_a = inngest_api.run_for_event(inngest_api.send(app.module.SLEEPER, {"key": key, "run": first}))
    nap_a = time_skipper.wait_for_timer(run_a.id, kind="sleep", step="nap")  # A is asleep
    assert_due(nap_a, sent_a, time.time(), LONG_NAP)
    sent_b = time.time()
    run_b = inngest_api.run_for_event(inngest_api.send(app.module.SLEEPER, {"key": key, "run": second}))
    nap_b = time_skipper.wait_for_timer(run_b.id, kind="sleep", step="nap")  # B ran "before" and sleeps too
    assert_due(nap_b, sent_b, time.time(), LONG_NAP)

    # B's first step ran while A slept: A's nap is still pending and A's last step
    # has not run. With a limit of 1 *run* per key, B could not have started yet.
    assert [t.item_id for t in time_skipper.pending(run_a.id)] == [nap_a.item_id]
    assert [e.step for e in app.module.executions if e.run == first] == ["before"]
    assert [e.step for e in app.module.executions if e.run == second] == ["before"]

    fired = time_skipper.fire([nap_a, nap_b])  # both wake at once: the two "after" steps compete
    assert {t.item_id for t in fired} == {nap_a.item_id, nap_b.item_id}
    for run, tag in ((run_a, first), (run_b, second)):
        assert inngest_api.wait_for_run(run.id, timeout_s=30).output == {"run": tag}

    assert execution(app, second, "before").started < execution(app, first, "after").started
    # Steps themselves never overlapped: the limit of 1 held for executions.
    mine = [e for e in app.module.executions if e.run in (first, second)]
    assert sorted((e.run, e.step) for e in mine) == sorted((r, s) for r in (first, second) for s in ("before", "after"))
    assert max_overlap(mine) == 1


@pytest.mark.wait_floor(2)  # the 2 s proof that the second event started no run
def test_singleton_skip_holds_while_the_run_sleeps(app, inngest_api, time_skipper, monkeypatch):
    """For one run per key at a time, singleton counts the run, sleeps included.
    The nap lasts 2 h, so the run is asleep for the whole proof, then it is skipped."""
    monkeypatch.setattr(app.module.settings, "single_nap", LONG_NAP)
    key, first, second = unique("key"), unique("a"), unique("b")
    sent = time.time()
    run_a = inngest_api.run_for_event(inngest_api.send(app.module.SINGLE_SLEEPER, {"key": key, "run": first}))
    nap = time_skipper.wait_for_timer(run_a.id, kind="sleep", step="nap")
    assert_due(nap, sent, time.time(), LONG_NAP)
    skipped = inngest_api.send(app.module.SINGLE_SLEEPER, {"key": key, "run": second})
    assert inngest_api.runs_for_event(skipped, expect=0, timeout_s=2) == []
    assert [t.item_id for t in time_skipper.pending(run_a.id)] == [nap.item_id]  # A slept throughout

    assert [t.item_id for t in time_skipper.skip(run_a.id)] == [nap.item_id]
    assert inngest_api.wait_for_run(run_a.id, timeout_s=30).output == {"run": first}
    assert [e.step for e in app.module.executions if e.run == first] == ["before", "after"]
    assert [e.step for e in app.module.executions if e.run == second] == []


def test_a_waiting_run_frees_its_slot_so_another_run_of_the_key_completes(app, inngest_api):
    key, first, second = unique("key"), unique("a"), unique("b")
    run_a = inngest_api.run_for_event(inngest_api.send(app.module.WAITER, {"key": key, "run": first}))
    inngest_api.wait_for_step(run_a.id, "wait-release", "WAITING")
    run_b = inngest_api.run_for_event(inngest_api.send(app.module.WAITER, {"key": key, "run": second}))
    inngest_api.wait_for_step(run_b.id, "wait-release", "WAITING")  # B ran a step while A waits
    inngest_api.send(app.module.RELEASE, {"run": second})
    done_b = inngest_api.wait_for_run(run_b.id, timeout_s=30)

    # B went through all its steps while A was still waiting, under a limit of 1 per key.
    assert done_b.output == {"run": second, "released": True}
    assert inngest_api.run(run_a.id).status == "RUNNING"
    inngest_api.send(app.module.RELEASE, {"run": first})
    assert inngest_api.wait_for_run(run_a.id, timeout_s=30).output == {"run": first, "released": True}


@pytest.mark.wait_floor(3)  # 12 runs x 0.6 s steps, 5 at a time, each failing once with a 1 s retry interval
def test_retried_steps_can_exceed_the_limit(app, inngest_api):
    """Measured on server v1.44.0 in the test configuration (--retry-interval 1):
    first attempts never exceed the limit, but retries due a second after their
    failed attempt are started past it (7 at once under limit 5 on every run we
    made). The next test shows retries due 30 s later respecting it."""
    runs = [unique("flaky") for _ in range(12)]
    event_ids = inngest_api.send_many([{"name": app.module.FLAKY, "data": {"run": r}} for r in runs])
    for event_id in event_ids:
        inngest_api.wait_for_run(inngest_api.run_for_event(event_id).id, timeout_s=90)

    mine = [e for e in app.module.executions if e.run in set(runs)]
    assert sorted((e.run, e.attempt) for e in mine) == sorted((r, a) for r in runs for a in (0, 1))
    # Without retries in the mix the limit holds, and is used in full...
    assert max_overlap([e for e in mine if e.attempt == 0]) == 5
    # ...with them, more than 5 steps executed at the same instant.
    assert max_overlap(mine) > 5


def burst_retried_at(app, inngest_api, delay_s: int) -> list:
    """12 runs whose first attempts all ask (RetryAfterError with one absolute
    time) to be retried at the same instant, `delay_s` after the burst."""
    retry_at_ms = int((time.time() + delay_s) * 1000)
    runs = [unique("retry-at") for _ in range(12)]
    event_ids = inngest_api.send_many(
        [{"name": app.module.FLAKY_RETRY_AT, "data": {"run": r, "retry_at_ms": retry_at_ms}} for r in runs]
    )
    for event_id in event_ids:
        inngest_api.wait_for_run(inngest_api.run_for_event(event_id).id, timeout_s=120)
    mine = [e for e in app.module.executions if e.run in set(runs)]
    retries = [e for e in mine if e.attempt == 1]
    assert len(retries) == 12
    # No retry started well before the time asked for: all 12 were due together
    # (the Retry-After header has whole-second resolution, so up to ~1 s early).
    assert min(e.started for e in retries) >= retry_at_ms / 1000 - time.time() + time.monotonic() - 1.5
    return mine


@pytest.mark.wait_floor(10)  # every retry is asked for 10 s after the burst
def test_retries_due_together_10_seconds_later_can_exceed_the_limit(app, inngest_api):
    """A RetryAfterError asking for a few seconds behaves like the test flag."""
    mine = burst_retried_at(app, inngest_api, 10)
    assert max_overlap([e for e in mine if e.attempt == 0]) == 5
    assert max_overlap(mine) > 5


@pytest.mark.wait_floor(30)  # every retry is asked for 30 s after the burst
def test_retries_due_together_30_seconds_later_respect_the_limit(app, inngest_api):
    """The production-like case: every delay of the default backoff is at least
    15 s. All 12 retries came due at once, 30 s after the burst; only 5 started
    together, and the limit was used in full."""
    mine = burst_retried_at(app, inngest_api, 30)
    assert max_overlap(mine) == 5
