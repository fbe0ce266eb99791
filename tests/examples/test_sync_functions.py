"""examples/sync_functions: a ContextSync function with sync steps and
ctx.group.parallel, started by a sync FastAPI endpoint with send_sync."""

import inspect

import pytest

from inngest_kit.api import settled_steps

pytestmark = pytest.mark.integration

SKUS = ["sku-a", "sku-b", "sku-c"]
LOOKUP_S = 1.0


@pytest.fixture(scope="module")
def sync_app(serve_example):
    return serve_example("sync_functions")


@pytest.fixture
def lookup(sync_app, monkeypatch):
    monkeypatch.setattr(sync_app.module.settings, "price_lookup_seconds", LOOKUP_S)


def refresh(app, api):
    resp = app.http.post("/catalogs/refresh")
    assert resp.status_code == 202, resp.text
    catalog_id, event_id = resp.json()["catalog_id"], resp.json()["event_ids"][0]
    return catalog_id, api.complete(event_id)


@pytest.mark.wait_floor(1)  # three 1 s price lookups, in parallel
def test_sync_endpoint_and_sync_function_complete_the_run(sync_app, inngest_api, lookup):
    assert not inspect.iscoroutinefunction(sync_app.module.refresh)
    assert not inspect.iscoroutinefunction(sync_app.module.functions[0]._handler)
    catalog_id, run = refresh(sync_app, inngest_api)
    assert run.output == {
        "catalog_id": catalog_id,
        "prices": [
            {"sku": "sku-a", "price_cents": 100},
            {"sku": "sku-b", "price_cents": 200},
            {"sku": "sku-c", "price_cents": 300},
        ],
        "published": 3,
        "total_cents": 600,
    }
    names = [s.name for s in settled_steps(inngest_api, run.id, len(SKUS) + 2)]  # the trace can lag the run's end
    assert names[0] == "load-skus" and names[-1] == "publish"
    assert sorted(names[1:-1]) == [f"price-{s}" for s in SKUS]


@pytest.mark.wait_floor(1)  # three 1 s price lookups, in parallel
def test_partial_binds_each_sku_and_each_parallel_step_runs_once(sync_app, inngest_api, lookup):
    catalog_id, _ = refresh(sync_app, inngest_api)
    ledger = sync_app.services.ledger
    assert {sku: ledger[(catalog_id, f"price-{sku}")] for sku in SKUS} == dict.fromkeys(SKUS, 1)
    assert ledger[(catalog_id, "load-skus")] == 1
    assert ledger[(catalog_id, "publish")] == 1


@pytest.mark.wait_floor(1)  # three 1 s price lookups, in parallel
def test_parallel_sync_steps_overlap_in_time(sync_app, inngest_api, lookup):
    """The server calls the app once per planned step, concurrently, and the SDK
    runs each sync call in its thread pool: the blocking lookups overlap."""
    catalog_id, _ = refresh(sync_app, inngest_api)
    spans = [sync_app.services.intervals[(catalog_id, sku)] for sku in SKUS]
    first_end = min(end for _, end in spans)
    last_start = max(start for start, _ in spans)
    assert last_start < first_end  # all three were running at the same moment
    assert max(end for _, end in spans) - min(start for start, _ in spans) < 2 * LOOKUP_S


@pytest.mark.wait_floor(1)  # three 1 s price lookups, in parallel
def test_a_sync_middleware_sees_every_step_of_a_sync_function(sync_app, inngest_api, lookup):
    _, run = refresh(sync_app, inngest_api)
    seen = sync_app.services.steps_run[run.id]
    assert sorted(seen) == sorted(inngest_api.step_names(run.id))
    assert len(seen) == 5  # load-skus, three prices, publish: each reported once
