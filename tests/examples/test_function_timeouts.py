"""examples/function_timeouts: `finish` cancels a run that takes too long; `start` cancels one that cannot start."""

import datetime
import importlib
import sys
import time

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration

FINISH = datetime.timedelta(seconds=2)  # stands in for 15 minutes
START = datetime.timedelta(seconds=3)  # stands in for 10 minutes; unlike FINISH, so each shows its own
SLACK_S = 5.0  # cancellation latency on a loaded 2-core machine


def serve_with(serve_example, name: str, **values):
    """Timeouts are registered when the app syncs, so they are read when functions.py
    is imported: set them, (re)import the functions, then serve."""
    config = importlib.import_module(f"examples.{name}.config")
    for key, value in values.items():
        setattr(config.settings, key, value)
    for module in ("functions", "main"):
        full = f"examples.{name}.{module}"
        if full in sys.modules:
            importlib.reload(sys.modules[full])
    return serve_example(name)


@pytest.fixture(scope="module")
def exports(serve_example):
    return serve_with(serve_example, "function_timeouts", export_finish_timeout=FINISH, pdf_start_timeout=START)


@pytest.fixture
def held(exports):
    """Keep the stand-in's slow calls (render, render-pdf) in flight until released."""
    exports.services.hold_slow_calls()
    yield exports.services.release_slow_calls
    exports.services.release_slow_calls()


def post(app, path: str) -> str:
    resp = app.http.post(path)
    assert resp.status_code == 202, resp.text
    return resp.json()["event_ids"][0]


def wait_until(predicate, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.05)


def test_export_within_the_finish_timeout_completes(exports, inngest_api):
    report = unique("rep")
    done = inngest_api.complete(post(exports, f"/reports/{report}/csv"))
    assert done.output == {"report_id": report, "url": f"https://files.example.com/{report}.csv"}


@pytest.mark.wait_floor(2.8)  # 2 s finish timeout (asserted >= 1.8 s) + 1 s fixed window proving no next step
def test_finish_timeout_cancels_the_run_mid_step(exports, inngest_api, held):
    report = unique("rep")
    run = inngest_api.run_for_event(post(exports, f"/reports/{report}/csv"))
    wait_until(lambda: exports.services.started[(report, "render")] == 1)  # render is executing, held

    cancelled = inngest_api.wait_for_run(run.id, "CANCELLED", timeout_s=20)
    # Cancelled about FINISH after the run started, while its render was still executing.
    started = datetime.datetime.fromisoformat(cancelled.started_at)
    ended = datetime.datetime.fromisoformat(cancelled.ended_at)
    assert FINISH.total_seconds() - 0.2 <= (ended - started).total_seconds() <= FINISH.total_seconds() + SLACK_S
    assert exports.services.ledger[(report, "render")] == 0

    # The cancel does not interrupt the app: the in-flight step runs to its end,
    # but its result is not acted on, so the next step never runs.
    held()
    wait_until(lambda: exports.services.ledger[(report, "render")] == 1)
    time.sleep(1.0)  # proving a negative: give a (wrong) follow-up step time to run
    assert exports.services.ledger[(report, "upload")] == 0
    assert "upload" not in inngest_api.step_names(run.id)
    assert inngest_api.run(run.id).status == "CANCELLED"


@pytest.mark.wait_floor(2.8)  # 3 s start timeout (asserted >= 2.8 s)
def test_start_timeout_cancels_a_run_that_cannot_start(exports, inngest_api, held):
    busy, late = unique("pdf-busy"), unique("pdf-late")
    first = post(exports, f"/reports/{busy}/pdf")
    wait_until(lambda: exports.services.started[(busy, "render-pdf")] == 1)  # holds the only slot
    sent_at = time.monotonic()
    queued = inngest_api.run_for_event(post(exports, f"/reports/{late}/pdf"))

    inngest_api.wait_for_run(queued.id, "CANCELLED", timeout_s=20)
    waited = time.monotonic() - sent_at
    assert START.total_seconds() - 0.2 <= waited <= START.total_seconds() + SLACK_S, waited
    # It never started: no step, no call into the app.
    assert inngest_api.steps(queued.id) == []
    assert exports.services.started[(late, "render-pdf")] == 0

    held()  # free the slot
    assert inngest_api.complete(first, timeout_s=30).output == {"report_id": busy, "pdf": f"{busy}.pdf"}
    assert exports.services.started[(late, "render-pdf")] == 0  # not run late either


def test_each_function_registered_its_own_timeout(exports, inngest_api):
    export = inngest_api.function_config("report-exports-export-report")
    pdf = inngest_api.function_config("report-exports-render-pdf")
    assert export["timeouts"] == {"finish": f"{FINISH.seconds}s"}
    assert pdf["timeouts"] == {"start": f"{START.seconds}s"}


def test_the_documented_production_values_are_the_defaults():
    """The tests above register seconds; production caps an export at 15 min and a queued PDF at 10 min."""
    from examples.function_timeouts.config import Settings

    defaults = Settings()
    assert (defaults.export_finish_timeout, defaults.pdf_start_timeout) == (
        datetime.timedelta(minutes=15),
        datetime.timedelta(minutes=10),
    )
