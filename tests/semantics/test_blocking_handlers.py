"""A blocking call in a step of an async function (even a plain `def` step
handler) stalls the app's whole event loop: every
other request (other runs, your API endpoints) waits until it returns. A sync
function (def, inngest.ContextSync) runs in the SDK's thread pool instead
(comm_lib/handler.py, run_in_executor), and the app stays responsive."""

import threading
import time

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def app(serve_example):
    return serve_example("tests.semantics.apps.blocking")


def ping_latency_while_blocking(app, inngest_api, event: str) -> float:
    job = unique("job")
    app.module.started.setdefault(job, threading.Event())
    run = inngest_api.run_for_event(inngest_api.send(event, {"job_id": job}))
    assert app.module.started[job].wait(20), "the blocking step never started"
    began = time.monotonic()
    assert app.http.get("/ping", timeout=30).json() == {"ok": True}
    latency = time.monotonic() - began
    inngest_api.wait_for_run(run.id, timeout_s=30)
    return latency


@pytest.mark.wait_floor(2)  # one 2 s blocking call
def test_a_blocking_call_in_an_async_step_stalls_every_other_request(app, inngest_api):
    block_s = app.module.settings.block_s
    # The endpoint answered only once the 2 s call returned.
    assert ping_latency_while_blocking(app, inngest_api, app.module.ASYNC_BLOCKS) > block_s / 2


@pytest.mark.wait_floor(2)  # one 2 s blocking call
def test_a_blocking_call_in_a_sync_function_leaves_the_app_responsive(app, inngest_api):
    assert ping_latency_while_blocking(app, inngest_api, app.module.SYNC_BLOCKS) < 0.5
