"""Limits the pinned server enforces, where Inngest Cloud plans differ.

Sleeps: at most 366 days (pkg/consts/consts.go `MaxSleepDuration`, checked in
pkg/execution/state/opcode.go `boundedSleepDuration`); Inngest Cloud allows up
to a year, and 7 days on the free plan. Batches: the server has no size cap
(only at least 2 events and 10 MiB of data); Cloud allows 5 events (free), 100
(Pro), 500 (Business)."""

import time

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def app(serve_example):
    return serve_example("tests.semantics.apps.server_limits")


def test_a_sleep_over_366_days_fails_the_run(app, inngest_api):
    run = inngest_api.run_for_event(inngest_api.send(app.module.LONG_SLEEP, {"days": 367}))
    failed = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=20)
    assert failed.output["error"]["name"] == "InngestErrTimeoutTooLong"
    assert "sleeps may last at most one year" in failed.output["error"]["message"]


def test_a_sleep_of_365_days_is_accepted(app, inngest_api):
    run = inngest_api.run_for_event(inngest_api.send(app.module.LONG_SLEEP, {"days": 365}))
    inngest_api.wait_for_step(run.id, "long-sleep", "RUNNING")  # asleep, not failed
    inngest_api.cancel(run.id)
    inngest_api.wait_for_run(run.id, "CANCELLED", timeout_s=20)


def test_a_batch_of_150_events_is_one_run(app, inngest_api):
    load = unique("load")
    size = app.module.BIG_BATCH
    inngest_api.send_many([{"name": app.module.ROW_ADDED, "data": {"load_id": load, "n": n}} for n in range(size)])
    deadline = time.monotonic() + 30
    while sum(app.module.batches[load]) < size and time.monotonic() < deadline:
        time.sleep(0.1)
    assert app.module.batches[load] == [size]  # one run with all 150: no cap at 100
