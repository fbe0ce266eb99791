"""Retry timing outside the test configuration. The server's default backoff is
a table: 15 s, 30 s, 1 min, 2 min, 5 min, 10 min, 20 min, 40 min, 1 h, 2 h, each
plus 0-30 s of jitter (pkg/backoff/backoff.go `BackoffTable`, `TableBackoff`).
`--retry-interval N` (on `inngest dev` and `inngest start` alike,
pkg/devserver/devserver.go) replaces it with a flat N seconds; this suite runs
with 1 everywhere else. Here the self-hosted server runs without it.

The retry is a queue item with the due time the server computed; `inngest start`
without --redis-uri keeps its queue in an in-process Redis like `inngest dev`, so
the test reads that due time (TimeSkipper.for_dev_server), asserts it, then makes
the retry due now instead of waiting 15-45 s. No `wait_floor`: nothing waits on purpose."""

import datetime
import time

import pytest

from checks.catalog import REPO
from inngest_kit.production import ProductionProcess, SelfHostedServer, sdk_signing_key
from inngest_kit.timeskip import TimeSkipper

pytestmark = [pytest.mark.integration, pytest.mark.slow]

FIRST_BACKOFF = datetime.timedelta(seconds=15)  # BackoffTable[0]
MAX_JITTER = datetime.timedelta(seconds=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory, inngest_binary):
    srv = SelfHostedServer(inngest_binary, workdir=tmp_path_factory.mktemp("inngest-start"), retry_interval_s=0)
    srv.start()
    yield srv
    srv.stop()


def test_the_first_retry_comes_15_to_45_seconds_later_on_a_self_hosted_server(server, tmp_path):
    api = server.api()
    log = tmp_path / "attempts.log"
    env = {
        "INNGEST_SIGNING_KEY": sdk_signing_key(server.signing_key),
        "INNGEST_EVENT_KEY": server.event_key,
        "INNGEST_API_BASE_URL": server.url,
        "INNGEST_EVENT_API_BASE_URL": server.url,
        "SEMANTICS_BACKOFF_LOG": str(log),
    }
    proc = ProductionProcess("tests.semantics.apps.backoff.main:app", api, {"semantics-backoff-job"},
                             cwd=str(REPO), pythonpath=[str(REPO)], env=env)
    proc.env["INNGEST_SERVE_ORIGIN"] = proc.url
    proc.start()
    skipper = TimeSkipper.for_dev_server(server.port, pid=server.proc.pid)
    try:
        run = api.run_for_event(api.send("semantics-backoff/job.requested", {"job_id": "job-1"}))
        retry = skipper.wait_for_timer(run.id, timeout_s=30)
        seen_at = time.time()
        attempts = [line.split() for line in log.read_text().splitlines()]
        assert [a[1] for a in attempts] == ["0"]  # the first attempt failed; the retry waits in the queue
        failed_at = float(attempts[0][2])
        # The server computed "now + 15 s + 0-30 s jitter" between the failure and the moment the test saw it.
        assert retry.label == "retry back-off"
        low = datetime.datetime.fromtimestamp(failed_at, datetime.UTC) + FIRST_BACKOFF
        high = datetime.datetime.fromtimestamp(seen_at, datetime.UTC) + FIRST_BACKOFF + MAX_JITTER
        assert low <= retry.due <= high, (retry.due, low, high)
        print(f"first retry scheduled {retry.due.timestamp() - failed_at:.2f} s after the failure")

        assert [t.item_id for t in skipper.skip(run.id)] == [retry.item_id]
        done = api.wait_for_run(run.id, timeout_s=30)
        assert done.output == {"job_id": "job-1"}
        attempts = [line.split() for line in log.read_text().splitlines()]
        assert [a[1] for a in attempts] == ["0", "1"]  # the skipped retry ran, once
    finally:
        skipper.close()
        proc.kill()
        api.close()
