"""examples/on_failure: the failure handler runs once, only when the function finally fails.

The retry back-off is asserted as scheduled and skipped (inngest_kit.timeskip.skip_retries). Instead of
a quiet window, "once" and "never" are read from the server's own lifecycle events
(InngestAPI.failed_events_once_finished): the inngest/function.failed events of a finalized run are all the
failure-handler runs there can ever be."""

import datetime
import time

import inngest
import pytest

from inngest_kit.api import unique
from inngest_kit.timeskip import skip_retries

pytestmark = pytest.mark.integration

BROKEN = "https://supplier.example/broken.csv"
GOOD = "https://supplier.example/catalog.csv"
FAILURE_SLUG = "catalog-import-import-catalog-failure"  # "<app_id>-<fn_id>-failure"


@pytest.fixture(scope="module")
def catalog_app(serve_example):
    return serve_example("on_failure")


def start_import(app, api, catalog_id: str, feed_url: str):
    resp = app.http.post(f"/catalogs/{catalog_id}/import", json={"feed_url": feed_url})
    assert resp.status_code == 202, resp.text
    event_id = resp.json()["event_ids"][0]
    return event_id, api.run_for_event(event_id)


def failure_runs_for(api, catalog_id: str, since: str) -> list:
    """Completed runs of the on_failure function that handled this catalog."""
    records = [api.run(r.id) for r in api.runs_of_function(FAILURE_SLUG, since=since)]
    return [r for r in records if r and isinstance(r.output, dict) and r.output.get("catalog_id") == catalog_id]


def now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()



@pytest.mark.reliability
def test_on_failure_runs_once_with_the_function_failed_event(catalog_app, inngest_api, time_skipper):
    since = now()
    sent_at = time.time()
    catalog_id = unique("cat")
    event_id, run = start_import(catalog_app, inngest_api, catalog_id, BROKEN)
    assert [t.attempt for t in skip_retries(time_skipper, run.id, 1, since=sent_at)] == [1]
    inngest_api.wait_for_run(run.id, "FAILED")
    assert catalog_app.services.ledger[(catalog_id, "download-feed")] == 2  # retries=1: two attempts first

    # One inngest/function.failed event for the run: one failure-handler run, and no second can follow.
    (failed_event,) = inngest_api.failed_events_once_finished(run.id, since)
    assert failed_event["data"]["function_id"] == "catalog-import-import-catalog"
    deadline = time.monotonic() + 20
    while not failure_runs_for(inngest_api, catalog_id, since) and time.monotonic() < deadline:
        time.sleep(0.2)
    (handled,) = failure_runs_for(inngest_api, catalog_id, since)
    assert handled.status == "COMPLETED"
    assert handled.output == {"catalog_id": catalog_id, "failed_run": run.id}
    assert catalog_app.services.ledger[(catalog_id, "page-ops")] == 1

    (alert,) = [a for a in catalog_app.services.alerts if a["catalog_id"] == catalog_id]
    assert alert["name"] == "inngest/function.failed"
    data = alert["data"]
    assert data["function_id"] == "catalog-import-import-catalog"
    assert data["run_id"] == run.id
    # The original event, whole: id, name and data.
    assert data["event"]["id"] == event_id
    assert data["event"]["name"] == "catalog/import.requested"
    assert data["event"]["data"] == {"catalog_id": catalog_id, "feed_url": BROKEN}
    # The final error: the original exception's name and message.
    assert data["error"]["name"] == "FeedBroken"
    assert data["error"]["message"] == f"{BROKEN}: 404 Not Found"
    # What the test saw besides: "events" (the list of triggering events), "result"
    # (the function's error output, code "step_errored") and error["error"], which
    # the server sets to "NonRetriableError" although the step failed by retries.
    assert data["result"]["code"] == "step_errored"
    assert [e["id"] for e in data["events"]] == [event_id]


@pytest.mark.reliability
def test_on_failure_does_not_run_when_the_function_succeeds(catalog_app, inngest_api):
    since = now()
    catalog_id = unique("cat")
    _, run = start_import(catalog_app, inngest_api, catalog_id, GOOD)
    done = inngest_api.wait_for_run(run.id)
    assert done.output == {"catalog_id": catalog_id, "products": 12}

    # Finalized without an inngest/function.failed event: nothing can ever start the failure handler.
    assert inngest_api.failed_events_once_finished(run.id, since) == []
    assert failure_runs_for(inngest_api, catalog_id, since) == []
    assert catalog_app.services.ledger[(catalog_id, "page-ops")] == 0


def test_async_function_needs_async_on_failure():
    """Decoration fails when the handler and on_failure differ in kind (function.py checks both ways)."""
    client = inngest.Inngest(app_id="on-failure-kind-check")

    def sync_on_failure(ctx: inngest.ContextSync) -> None:
        return None

    async def handler(ctx: inngest.Context) -> None:
        return None

    with pytest.raises(Exception, match="an async function cannot have a non-async on_failure handler"):
        client.create_function(
            fn_id="mixed", trigger=inngest.TriggerEvent(event="catalog/kind-check"), on_failure=sync_on_failure
        )(handler)
