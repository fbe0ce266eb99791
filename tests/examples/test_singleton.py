"""examples/singleton: at most one active run per key; skip mode drops new events, cancel mode replaces the run."""

import datetime
import time

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration

NO_RUN_WINDOW_S = 3.0  # proving a negative: how long we watch for a run that must not start


@pytest.fixture(scope="module")
def store_app(serve_example):
    return serve_example("singleton")


@pytest.fixture
def held(store_app):
    """Keep the stand-in's slow calls in flight (a run stays busy) until released."""
    store_app.services.hold_slow_calls()
    yield store_app.services.release_slow_calls
    store_app.services.release_slow_calls()


def wait_until(predicate, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.05)


def request_sync(app, store_id: str, request: str) -> str:
    resp = app.http.post(f"/stores/{store_id}/sync", json={"request": request})
    assert resp.status_code == 202, resp.text
    return resp.json()["event_ids"][0]


def mark_stale(app, dashboard_id: str, as_of: str) -> str:
    resp = app.http.post(f"/dashboards/{dashboard_id}/stale", json={"as_of": as_of})
    assert resp.status_code == 202, resp.text
    return resp.json()["event_ids"][0]


def runs_started_by(api, slug: str, since: str, event_id: str) -> list:
    return [r for r in api.runs_of_function(slug, since=since) if event_id in api.trigger(r.id)["IDs"]]


@pytest.mark.wait_floor(3.5)  # 3 s window proving the skipped event starts no run + 0.5 s second look
def test_skip_mode_drops_an_event_while_a_run_for_the_key_is_active(store_app, inngest_api, held):
    since = datetime.datetime.now(datetime.UTC).isoformat()
    store = unique("store")
    first = request_sync(store_app, store, "r1")
    wait_until(lambda: store_app.services.started[(store, "fetch-stock")] == 1)  # run 1 is busy
    second = request_sync(store_app, store, "r2")
    assert inngest_api.runs_for_event(second, expect=0, timeout_s=NO_RUN_WINDOW_S) == []

    held()  # let run 1 finish
    done = inngest_api.complete(first)
    assert done.output == {"store_id": store, "request": "r1", "pushed": 42}
    # The skipped event leaves no run at all: none on the event, none in the function's run list
    # (no SKIPPED record either).
    assert inngest_api.runs_for_event(second, expect=0, timeout_s=0.5) == []
    slug = store_app.module.functions[0].id
    assert runs_started_by(inngest_api, slug, since, second) == []
    assert [p["request"] for p in store_app.services.pushed if p["store_id"] == store] == ["r1"]
    assert store_app.services.ledger[(store, "fetch-stock")] == 1

    # Once the run has finished, the key is free again.
    third = request_sync(store_app, store, "r3")
    assert inngest_api.complete(third).output["request"] == "r3"


def test_skip_mode_is_per_key(store_app, inngest_api, held):
    store_a, store_b = unique("store-a"), unique("store-b")
    first = request_sync(store_app, store_a, "a1")
    wait_until(lambda: store_app.services.started[(store_a, "fetch-stock")] == 1)
    other = request_sync(store_app, store_b, "b1")  # another store: runs alongside
    wait_until(lambda: store_app.services.started[(store_b, "fetch-stock")] == 1)

    held()
    assert inngest_api.complete(first).output["request"] == "a1"
    assert inngest_api.complete(other).output["request"] == "b1"


def test_cancel_mode_cancels_the_active_run_and_starts_the_new_one(store_app, inngest_api, held):
    dashboard = unique("dash")
    first = mark_stale(store_app, dashboard, "t1")
    wait_until(lambda: store_app.services.started[(dashboard, "compute-metrics")] == 1)  # run 1 is mid-step
    second = mark_stale(store_app, dashboard, "t2")

    run1 = inngest_api.run_for_event(first)
    inngest_api.wait_for_run(run1.id, "CANCELLED", timeout_s=20)
    # Cancelled while its step was still executing in the app (~0.3 s after the new event, measured).
    assert store_app.services.ledger[(dashboard, "compute-metrics")] == 0
    wait_until(lambda: store_app.services.started[(dashboard, "compute-metrics")] == 2)  # run 2 is mid-step

    held()
    done = inngest_api.complete(second)
    assert done.output == {"dashboard_id": dashboard, "published_as_of": "t2"}
    # The cancelled run's in-flight step ran to its end in the app, but its run never
    # went on to the next step: only the new run published.
    wait_until(lambda: store_app.services.ledger[(dashboard, "compute-metrics")] == 2)
    assert [p["as_of"] for p in store_app.services.published if p["dashboard_id"] == dashboard] == ["t2"]
    assert "publish" not in inngest_api.step_names(run1.id)
    assert inngest_api.run(run1.id).status == "CANCELLED"
