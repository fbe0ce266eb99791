"""examples/pipeline_chain: extract -> transform -> load, linked by step.send_event."""

import datetime
import time

import pytest

from inngest_kit.api import assert_step_names, step_named
from inngest_kit.timeskip import skip_retries

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def etl_app(serve_example):
    return serve_example("pipeline_chain")


def submit(app, source: str = "shop") -> tuple[str, str]:
    resp = app.http.post("/jobs", json={"source": source})
    assert resp.status_code == 202, resp.text
    return resp.json()["job_id"], resp.json()["event_ids"][0]


def sent_event_id(api, run_id: str, step_name: str) -> str:
    """step.send_event returns the ids of the events it sent; the trace keeps them as the step's output."""
    step = next(s for s in api.steps(run_id) if s.name == step_name)
    ids = api.step_output(step).data
    assert isinstance(ids, list) and len(ids) == 1, ids
    return ids[0]


def runs_for_job(api, slug: str, since: str, job_id: str) -> list:
    records = [api.run(r.id) for r in api.runs_of_function(slug, since=since)]
    return [r for r in records if r is not None and isinstance(r.output, dict) and r.output.get("job_id") == job_id]


def test_a_job_flows_through_all_three_stages(etl_app, inngest_api):
    job_id, event_id = submit(etl_app)

    stage1 = inngest_api.complete(event_id, function="etl-extract")
    assert stage1.output == {"job_id": job_id, "extracted": 3}
    stage2 = inngest_api.complete(sent_event_id(inngest_api, stage1.id, "start-transform"), function="etl-transform")
    assert stage2.output == {"job_id": job_id, "transformed": 3}
    stage3 = inngest_api.complete(sent_event_id(inngest_api, stage2.id, "start-load"), function="etl-load")
    assert stage3.output == {
        "job_id": job_id,
        "table": "analytics.prices",
        "loaded": 3,
        "rows": [
            {"sku": "shop-0", "dollars": 2.5},
            {"sku": "shop-1", "dollars": 5.0},
            {"sku": "shop-2", "dollars": 7.5},
        ],
    }
    # Each stage records its lineage in a step of its own, after handing over to the next.
    assert_step_names(inngest_api, stage1.id, ["extract", "start-transform", "record-lineage"])
    assert_step_names(inngest_api, stage2.id, ["transform", "start-load", "record-lineage"])
    ledger = etl_app.services.ledger
    assert [ledger[(job_id, a)] for a in ("extract", "transform", "load")] == [1, 1, 1]


def test_a_retry_after_the_send_does_not_start_the_next_stage_twice(etl_app, inngest_api, time_skipper):
    since = (datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=2)).isoformat()
    job_id = f"job_retry_{time.time_ns()}"
    # The step right after the send fails twice, so stage 1 runs three times in all.
    etl_app.services.faults[(job_id, "record-lineage-extract")] = 2
    sent_at = time.time()
    event_id = inngest_api.send("etl/job.submitted", {"job_id": job_id, "source": "shop"})

    run = inngest_api.run_for_event(event_id, function="etl-extract")
    assert [t.attempt for t in skip_retries(time_skipper, run.id, 2, since=sent_at)] == [1, 2]
    stage1 = inngest_api.complete(event_id, function="etl-extract", timeout_s=40)
    lineage = step_named(inngest_api, stage1.id, "record-lineage")
    assert lineage.attempts == 2  # zero-based: the third attempt succeeded
    handover = sent_event_id(inngest_api, stage1.id, "start-transform")
    inngest_api.complete(handover, function="etl-transform")

    # No quiet window: stage 1 has COMPLETED, so every attempt that could send is over, and
    # all three sent the hand-over event once between them (a send outside a step would
    # have sent it three times). One event starts one stage-2 run.
    sent = [e for e in inngest_api.events("etl/job.extracted", since=since) if e["data"]["job_id"] == job_id]
    assert [e["_id"] for e in sent] == [handover]
    assert len(runs_for_job(inngest_api, "etl-pipeline-etl-transform", since, job_id)) == 1
    assert etl_app.services.ledger[(job_id, "transform")] == 1
    assert etl_app.services.ledger[(job_id, "extract")] == 1
