"""Retry timing outside the test configuration. The server's default backoff is
a table: 15 s, 30 s, 1 min, 2 min, 5 min, 10 min, 20 min, 40 min, 1 h, 2 h, each
plus 0-30 s of jitter (pkg/backoff/backoff.go `BackoffTable`, `TableBackoff`).
`--retry-interval N` (on `inngest dev` and `inngest start` alike,
pkg/devserver/devserver.go) replaces it with a flat N seconds; this suite runs
with 1 everywhere else. Here the self-hosted server runs without it."""


import pytest

from checks.catalog import REPO
from inngest_kit.production import ProductionProcess, SelfHostedServer, sdk_signing_key

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory, inngest_binary):
    srv = SelfHostedServer(inngest_binary, workdir=tmp_path_factory.mktemp("inngest-start"), retry_interval_s=0)
    srv.start()
    yield srv
    srv.stop()


@pytest.mark.wait_floor(15)  # the first backoff step
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
    try:
        run = api.run_for_event(api.send("semantics-backoff/job.requested", {"job_id": "job-1"}))
        api.wait_for_run(run.id, timeout_s=90)
        attempts = [line.split() for line in log.read_text().splitlines()]
        assert [a[1] for a in attempts] == ["0", "1"]
        gap = float(attempts[1][2]) - float(attempts[0][2])
        assert 15 <= gap <= 55, gap  # 15 s + 0-30 s jitter, plus queue latency on a busy machine
    finally:
        proc.kill()
        api.close()
