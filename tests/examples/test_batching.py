"""examples/batching: events delivered to one run in batches of at most max_size, per key."""

import datetime
import importlib
import sys
import time

import pytest

from inngest_kit.api import InngestAPIError, unique

pytestmark = pytest.mark.integration

MAX_SIZE = 3
WINDOW = datetime.timedelta(seconds=4)  # stands in for 30 s


def serve_with(serve_example, name: str, **values):
    """Batching is registered when the app syncs, so it is read when functions.py is
    imported: set the values, (re)import the functions, then serve."""
    config = importlib.import_module(f"examples.{name}.config")
    for key, value in values.items():
        setattr(config.settings, key, value)
    for module in ("functions", "main"):
        full = f"examples.{name}.{module}"
        if full in sys.modules:
            importlib.reload(sys.modules[full])
    return serve_example(name)


@pytest.fixture(scope="module")
def loader(serve_example):
    return serve_with(serve_example, "batching", batch_max_size=MAX_SIZE, batch_window=WINDOW)


def record_views(app, account_id: str, seqs: list[int]) -> tuple[list[str], float]:
    resp = app.http.post(f"/accounts/{account_id}/page-views", json={"seqs": seqs})
    assert resp.status_code == 202, resp.text
    return resp.json()["event_ids"], time.time()


def loads_of(app, account_id: str, rows: int, timeout_s: float = 20.0) -> list[dict]:
    """Poll the warehouse stand-in until `rows` rows of this account were loaded."""
    deadline = time.monotonic() + timeout_s
    while True:
        loads = [entry for entry in app.services.loads if entry["account_id"] == account_id]
        if sum(len(entry["seqs"]) for entry in loads) >= rows or time.monotonic() > deadline:
            return loads
        time.sleep(0.1)


def trigger_ids(api, run_id: str) -> list[str]:
    """The run's trigger event ids ([] while another test's pending batch run is not stored yet)."""
    try:
        return api.trigger(run_id)["IDs"]
    except InngestAPIError:
        return []


@pytest.mark.wait_floor(4)  # the partial batch waits out the 4 s batch window
def test_events_arrive_in_batches_of_at_most_max_size(loader, inngest_api):
    account = unique("acct")
    _, sent_at = record_views(loader, account, list(range(1, 8)))  # 7 events in one send

    loads = loads_of(loader, account, rows=7)
    assert sorted(len(entry["seqs"]) for entry in loads) == [1, 3, 3]
    assert sorted(seq for entry in loads for seq in entry["seqs"]) == list(range(1, 8))  # none lost or repeated
    assert loader.services.ledger[(account, "load")] == 3

    # Full batches start at once; the partial one waits out the window from its first event.
    full = [entry["at"] - sent_at for entry in loads if len(entry["seqs"]) == MAX_SIZE]
    partial = [entry["at"] - sent_at for entry in loads if len(entry["seqs"]) < MAX_SIZE]
    assert max(full) < WINDOW.total_seconds() - 0.5, full
    assert WINDOW.total_seconds() - 0.3 <= partial[0] <= WINDOW.total_seconds() + 4.0, partial


def test_one_run_per_batch_and_ctx_event_is_the_first_of_the_batch(loader, inngest_api):
    since = datetime.datetime.now(datetime.UTC).isoformat()
    account = unique("acct")
    event_ids, _ = record_views(loader, account, [10, 11, 12])  # exactly one full batch
    loads_of(loader, account, rows=3)

    slug = loader.module.functions[0].id
    # The run listing carries no output: match runs to this batch by their trigger events.
    # (It is built from traces and may lag the run by a moment: poll.)
    deadline = time.monotonic() + 15
    while True:
        runs = [
            r for r in inngest_api.runs_of_function(slug, since=since) if set(trigger_ids(inngest_api, r.id)) & set(event_ids)
        ]
        if runs or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert len(runs) == 1, runs
    done = inngest_api.wait_for_run(runs[0].id)
    out = done.output
    assert out["rows_loaded"] == 3 and sorted(out["seqs"]) == [10, 11, 12]
    # ctx.event is ctx.events[0]. The batch holds events in the order the server
    # received them, which for one bulk send need not be the order they were sent in.
    assert out["first_event_seq"] == out["seqs"][0]

    trigger = inngest_api.trigger(done.id)
    assert trigger["isBatch"] is True
    assert sorted(trigger["IDs"]) == sorted(event_ids)
    assert sorted(p["data"]["seq"] for p in trigger["payloads"]) == [10, 11, 12]
    # The server links the run to one event of the batch only; the others list no run.
    linked = [[r.id for r in inngest_api.runs_for_event(e, expect=0, timeout_s=0.2)] for e in event_ids]
    assert sorted(linked) == [[], [], [done.id]]


def test_batch_key_keeps_accounts_apart(loader, inngest_api, time_skipper):
    """Each account fills its own batch of 3 and starts its own partial batch with the 4th
    event; the partial batches' window timers (one per account) are asserted and skipped."""
    function_id = inngest_api.function_id(loader.module.functions[0].id)
    acct_a, acct_b = unique("acct-a"), unique("acct-b")
    first_sent = time.time()
    for seq in (1, 2, 3, 4):
        record_views(loader, acct_a, [seq])
        record_views(loader, acct_b, [100 + seq])

    # The full batches ran at once, each with one account's events only...
    loads_a = loads_of(loader, acct_a, rows=3)
    loads_b = loads_of(loader, acct_b, rows=3)
    assert [len(entry["seqs"]) for entry in loads_a + loads_b] == [3, 3]
    # ...and each account's 4th event waits in a partial batch of its own, due a window after
    # the burst. (Read without delay: a queue worker takes a timer about 2 s before it is due,
    # and then it can no longer be moved.)
    deadline = time.monotonic() + 10
    while len(timers := time_skipper.pending(function_id=function_id, kinds=["schedule-batch"])) < 2:
        assert time.monotonic() < deadline, f"batch timers pending: {timers}"
        time.sleep(0.02)
    seen = time.time()
    assert len(timers) == 2, timers
    low = datetime.datetime.fromtimestamp(first_sent, datetime.UTC) + WINDOW
    high = datetime.datetime.fromtimestamp(seen, datetime.UTC) + WINDOW
    assert all(low <= t.due <= high for t in timers), (low, [t.due for t in timers], high)

    fired = time_skipper.skip(function_id=function_id, kind="schedule-batch")
    assert sorted(t.item_id for t in fired) == sorted(t.item_id for t in timers)
    loads_a = loads_of(loader, acct_a, rows=4)
    loads_b = loads_of(loader, acct_b, rows=4)
    assert sorted(seq for entry in loads_a for seq in entry["seqs"]) == [1, 2, 3, 4]
    assert sorted(seq for entry in loads_b for seq in entry["seqs"]) == [101, 102, 103, 104]
    assert sorted(len(entry["seqs"]) for entry in loads_a) == [1, 3]
    assert sorted(len(entry["seqs"]) for entry in loads_b) == [1, 3]


def test_the_documented_production_values_are_the_defaults():
    """The tests above register batches of 3 within 4 s; production batches up to 100 within 30 s."""
    from examples.batching.config import Settings

    defaults = Settings()
    assert (defaults.batch_max_size, defaults.batch_window) == (100, datetime.timedelta(seconds=30))
