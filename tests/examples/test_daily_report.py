"""examples/daily_report: a cron function, registered with its schedule and proven
by invoking it (POST /invoke/<slug>) instead of waiting for 9:00."""

import datetime
import json
import time

import httpx
import pytest

from inngest_kit.api import InngestAPIError, Run, assert_step_names, unique

pytestmark = pytest.mark.integration

SLUG = "daily-report-daily-report"
# Watch window for "no run starts by itself". A scheduled run would need the clock.
NO_RUN_WINDOW_S = 3.0


@pytest.fixture(scope="module")
def report_app(serve_example, inngest_api):
    before = datetime.datetime.now(datetime.UTC)
    app = serve_example("daily_report")
    return app, before


_INVOKE = """
mutation ($slug: String!, $data: Map) { invokeFunction(functionSlug: $slug, data: $data) }
"""


def invoke(api, slug: str, data: dict) -> Run:
    """Start a run of `slug` now, as the dev server dashboard's Invoke button does
    (GraphQL `invokeFunction`), and return that run.

    The mutation answers only `true`, so the run is found among the function's
    runs by a unique `request_id` in its "inngest/function.invoked" event.
    """
    request_id = unique("invoke")
    since = datetime.datetime.now(datetime.UTC).isoformat()
    assert api.gql(_INVOKE, slug=slug, data={**data, "request_id": request_id}) == {"invokeFunction": True}
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for run in api.runs_of_function(slug, since=since):
            try:
                payload = api.trigger(run.id)["payloads"][0]
            except InngestAPIError:  # the run's trigger is not stored yet
                continue
            if payload["data"].get("request_id") == request_id:
                return run
        time.sleep(0.1)
    raise AssertionError(f"no run of {slug} for invocation {request_id}")


def minutes_from_9am_local() -> float:
    """Distance to the nearest 09:00 (before or after), in minutes, in the server's zone."""
    now = datetime.datetime.now().astimezone()
    nine = now.replace(hour=9, minute=0, second=0, microsecond=0)
    return min(abs((now - (nine + datetime.timedelta(days=d))).total_seconds()) for d in (-1, 0, 1)) / 60


def test_registered_with_its_schedule_and_jitter(report_app, inngest_api):
    fn = next(f for f in inngest_api.functions() if f["slug"] == SLUG)
    assert [(t["type"], t["value"]) for t in fn["triggers"]] == [("CRON", "0 9 * * *")]
    config = json.loads(fn["config"])
    assert config["triggers"] == [{"cron": "0 9 * * *", "jitter": "2m"}]


@pytest.mark.wait_floor(3)  # 3 s window proving the sync starts no run
def test_syncing_a_cron_function_starts_no_run(report_app, inngest_api):
    """The server schedules the next 09:00 (pkg/execution/cron/manager.go ScheduleNext);
    registering does not run the function."""
    _, served_since = report_app
    time.sleep(NO_RUN_WINDOW_S)  # on purpose: proving that nothing starts
    runs = inngest_api.runs_of_function(SLUG, since=served_since.isoformat())
    scheduled = [r for r in runs if inngest_api.trigger(r.id)["eventName"] != "inngest/function.invoked"]
    if minutes_from_9am_local() > 5:  # 09:00 plus up to 2 min of jitter is when a real run may exist
        assert scheduled == []
    else:  # near 09:00 a scheduled run is legitimate, but only one from this schedule
        assert all(inngest_api.trigger(r.id)["cron"] == "0 9 * * *" for r in scheduled)


def test_invoking_runs_the_body_for_a_given_date(report_app, inngest_api):
    app, _ = report_app
    run = invoke(inngest_api, SLUG, {"report_date": "2025-03-14"})
    done = inngest_api.wait_for_run(run.id)
    assert done.output == {"report_date": "2025-03-14", "orders": 114, "message_id": "report-2025-03-14"}
    assert_step_names(inngest_api, done.id, ["collect-stats", "render-report", "email-report"])
    assert inngest_api.trigger(done.id)["eventName"] == "inngest/function.invoked"
    assert app.services.ledger[("2025-03-14", "email-report")] == 1


def test_invoked_without_a_date_it_reports_the_day_before_it_was_scheduled(report_app, inngest_api):
    run = invoke(inngest_api, SLUG, {})
    done = inngest_api.wait_for_run(run.id)
    event = inngest_api.trigger(done.id)["payloads"][0]
    scheduled = datetime.datetime.fromtimestamp(event["ts"] / 1000, tz=datetime.UTC).date()
    assert done.output["report_date"] == (scheduled - datetime.timedelta(days=1)).isoformat()


def test_the_server_rejects_a_jitter_above_five_minutes_yet_the_sync_put_answers_200(inngest_api):
    """The SDK accepts any jitter string; the server validates 1 s <= jitter <= 5 min
    when the app registers, and drops the whole app's registration. The SDK's
    PUT handler still answers 200 (it passes the server's error body on with
    its own status), so check the answer's body or the registered functions."""
    import inngest
    import inngest.fast_api
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    client = inngest.Inngest(app_id="daily-report-bad-jitter")

    @client.create_function(fn_id="too-jittery", trigger=inngest.TriggerCron(cron="0 9 * * *", jitter="10m"))
    async def too_jittery(ctx: inngest.Context) -> None:
        return None

    app = FastAPI()
    inngest.fast_api.serve(app, client, [too_jittery])
    resp = TestClient(app).put("/api/inngest")
    assert resp.status_code == 200
    # The reason ("cron jitter must be less than or equal to 5m0s") is only in the server's log.
    assert resp.json() == {"error": "At least one function is invalid", "data": None, "status": 400}
    assert "daily-report-bad-jitter-too-jittery" not in inngest_api.function_slugs()


def test_http_invoke_runs_the_body_but_the_run_has_no_trace(report_app, inngest_api):
    """POST {server}/invoke/{slug} also starts a run now and answers the event id,
    but on the v1.44.0 dev server such a run has no trace ("no function run
    span found"), so its steps are proven by the ledger here."""
    app, _ = report_app
    resp = httpx.post(f"{inngest_api.base_url}/invoke/{SLUG}", json={"data": {"report_date": "2025-04-02"}}, timeout=10)
    assert resp.status_code == 200, resp.text
    run = inngest_api.run_for_event(resp.json()["id"])
    # Poll the run record directly: wait_for_run would also wait (5 s) for a trace that never comes.
    deadline = time.monotonic() + 20
    while (done := inngest_api.run(run.id)) is None or done.status != "COMPLETED":
        assert time.monotonic() < deadline, done
        time.sleep(0.1)
    assert done.output == {"report_date": "2025-04-02", "orders": 102, "message_id": "report-2025-04-02"}
    assert app.services.ledger[("2025-04-02", "collect-stats")] == 1
    assert app.services.ledger[("2025-04-02", "email-report")] == 1
    assert inngest_api.steps(done.id) == []
