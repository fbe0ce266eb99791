"""examples/fan_out: fan-out with step.send_event, and two fan-ins that cannot miss a fast completion."""

import asyncio
import datetime
import time

import pytest

from inngest_kit.api import assert_step_names, settled_steps, unique

pytestmark = pytest.mark.integration


WORKER = "media-batches-resize-batch-item"
FINISHER = "media-batches-finish-batch"


@pytest.fixture(scope="module")
def media_app(serve_example, tmp_path_factory):
    app = serve_example("fan_out")
    app.module.settings.db_path = str(tmp_path_factory.mktemp("fan_out") / "media_batches.sqlite3")
    return app


def images(n: int) -> list[dict]:
    return [{"id": unique(f"img{i}"), "url": f"https://cdn.example.com/{i}.jpg"} for i in range(n)]


def now_rfc3339() -> str:
    return (datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=2)).isoformat()


def wait_for(predicate, timeout_s: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def runs_with_output(api, slug: str, since: str, keep) -> list:
    """Runs of `slug` since `since` whose output satisfies `keep`. The run list
    carries no output, so each run's own record is read (`api.run`)."""
    records = [api.run(r.id) for r in api.runs_of_function(slug, since=since)]
    return [r for r in records if r is not None and keep(r.output if isinstance(r.output, dict) else {})]


def completed_runs(api, slug: str, since: str, keep, expect: int, timeout_s: float = 30.0) -> list:
    """Poll until `expect` runs of `slug` whose output satisfies `keep` are COMPLETED."""
    runs: list = []

    def enough() -> bool:
        nonlocal runs
        runs = [r for r in runs_with_output(api, slug, since, keep) if r.status == "COMPLETED"]
        return len(runs) >= expect

    wait_for(enough, timeout_s, f"{expect} completed run(s) of {slug}")
    return runs


def test_instant_workers_complete_the_batch_and_the_finisher_runs_once(media_app, inngest_api):
    since = now_rfc3339()
    items = images(8)
    resp = media_app.http.post("/batches", json={"items": items})
    batch_id, event_id = resp.json()["batch_id"], resp.json()["event_ids"][0]
    ledger = media_app.services.ledger

    orchestrator = inngest_api.complete(event_id, function="start-batch")
    assert orchestrator.output == {"batch_id": batch_id, "dispatched": 8}
    # The orchestrator never waits, so there is no wait to miss.
    assert_step_names(inngest_api, orchestrator.id, ["register-batch", "fan-out"])

    finished = completed_runs(inngest_api, FINISHER, since, lambda o: o.get("batch_id") == batch_id, 1)
    assert len(finished) == 1 and ledger[(batch_id, "notify-owner")] == 1
    assert finished[0].output["items"] == 8
    assert sorted(finished[0].output["thumbnails"]) == sorted(f"{i['url']}?w=200" for i in items)

    # Every worker counted exactly once: the counts they saw are 1..8, each once,
    # so exactly one worker (the one that saw 8) announced the completion.
    item_ids = {i["id"] for i in items}
    workers = completed_runs(inngest_api, WORKER, since, lambda o: o.get("item_id") in item_ids, 8)
    assert len(workers) == 8
    assert sorted(r.output["done"] for r in workers) == list(range(1, 9))
    for r in workers:
        announced = ["announce-batch-completed"] if r.output["done"] == 8 else []
        assert_step_names(inngest_api, r.id, ["resize", "record-completion", *announced])
    assert all(ledger[(i, "resize")] == 1 for i in item_ids)
    assert ledger[(batch_id, "record-completion")] == 8


@pytest.mark.wait_floor(3)  # 3 s window proving no second finisher
def test_a_repeated_completion_event_starts_no_second_finisher(media_app, inngest_api):
    """The announcement carries a fixed event id: a duplicate (a retried worker) is dropped."""
    since = now_rfc3339()
    batch_id = unique("batch_dup")
    ledger = media_app.services.ledger
    for _ in range(2):
        inngest_api.send("media/batch.completed", {"batch_id": batch_id, "total": 0}, id=f"batch-completed-{batch_id}")
    completed_runs(inngest_api, FINISHER, since, lambda o: o.get("batch_id") == batch_id, 1)
    time.sleep(3)  # a window in which a second finisher run would have started (proving absence)
    assert ledger[(batch_id, "notify-owner")] == 1
    assert len(runs_with_output(inngest_api, FINISHER, since, lambda o: o.get("batch_id") == batch_id)) == 1


def test_recording_the_same_item_twice_counts_it_once(media_app):
    services = media_app.services
    batch_id = unique("batch_retry")

    async def scenario():
        await services.register_batch(batch_id, 2)
        first = await services.record_completion(batch_id, "a", {"id": "a", "thumbnail": "a"})
        again = await services.record_completion(batch_id, "a", {"id": "a", "thumbnail": "a"})  # a retried worker
        last = await services.record_completion(batch_id, "b", {"id": "b", "thumbnail": "b"})
        return first, again, last

    assert asyncio.run(scenario()) == ({"done": 1, "total": 2}, {"done": 1, "total": 2}, {"done": 2, "total": 2})


def test_parallel_invoke_fans_in_a_small_album(media_app, inngest_api):
    items = images(5)
    resp = media_app.http.post("/albums", json={"items": items})
    album_id, event_id = resp.json()["album_id"], resp.json()["event_ids"][0]

    done = inngest_api.complete(event_id, function="resize-album")
    # Results come back in the order of the callables, whatever order the children finished in.
    assert done.output == {"album_id": album_id, "thumbnails": [f"{i['url']}?w=200" for i in items]}
    steps = settled_steps(inngest_api, done.id, 5)
    assert sorted(s.name for s in steps) == sorted(f"resize-{i['id']}" for i in items)
    assert all(s.op == "INVOKE" and s.status == "COMPLETED" for s in steps)
    assert all(media_app.services.ledger[(i["id"], "resize")] == 1 for i in items)


def test_an_album_at_the_invoke_limit_runs_and_one_more_is_refused(media_app, inngest_api, monkeypatch):
    """The bound is inclusive: max_parallel_invokes items are invoked; one more fails at once,
    without retries and before any child starts (submit such albums as a batch)."""
    monkeypatch.setattr(media_app.module.settings, "max_parallel_invokes", 3)
    at_limit, over = images(3), images(4)

    ok = media_app.http.post("/albums", json={"items": at_limit}).json()
    done = inngest_api.complete(ok["event_ids"][0], function="resize-album")
    assert len(done.output["thumbnails"]) == 3

    refused = media_app.http.post("/albums", json={"items": over}).json()
    run = inngest_api.run_for_event(refused["event_ids"][0], function="resize-album")
    failed = inngest_api.wait_for_run(run.id, "FAILED")
    assert failed.output["message"] == "4 items: submit them as a batch instead"
    assert inngest_api.steps(run.id) == []
    assert all(media_app.services.ledger[(i["id"], "resize")] == 0 for i in over)
