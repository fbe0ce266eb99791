"""examples/debounce: one run per burst of events, after the quiet period, with the last event.

The quiet period is registration config (read when functions.py is imported), so the module
registers 3 s / 5 s once. Where the claim is which run starts, with which event, each test
asserts the debounce timer the server scheduled (one timer per key, pushed later by every
edit, due a full period after the last one) and then skips it instead of waiting it out; the
timeout test keeps real time: a debounce's maximum delay cannot be moved (inngest_kit.timeskip)."""

import datetime
import importlib
import sys
import time

import pytest

from inngest_kit.api import unique
from inngest_kit.timeskip import NoPendingTimer, Timer, assert_due

pytestmark = pytest.mark.integration

PERIOD = datetime.timedelta(seconds=3)  # stands in for 5 minutes (3 s: event processing can lag ~2 s under load)
MAX_DELAY = datetime.timedelta(seconds=5)  # stands in for 30 minutes
# The server enqueues the debounced start at last event + period + 1.05 s
# (pkg/execution/debounce/debounce.go: `now.Add(ttl).Add(buffer).Add(time.Second)`).
SERVER_BUFFER_S = 1.05
SERVER_BUFFER = datetime.timedelta(seconds=SERVER_BUFFER_S)
SLACK_S = 5.0  # queue latency on a loaded 2-core machine
PACING_S = 1.2  # between edits: under the 3 s period, above the 1 s minimum TTL
SLUG = "search-indexer-reindex-document"


def serve_with(serve_example, name: str, **values):
    """Flow-control options are registered when the app syncs, so they are read when
    functions.py is imported: set them, (re)import the functions, then serve."""
    config = importlib.import_module(f"examples.{name}.config")
    for key, value in values.items():
        setattr(config.settings, key, value)
    for module in ("functions", "main"):
        full = f"examples.{name}.{module}"
        if full in sys.modules:
            importlib.reload(sys.modules[full])
    return serve_example(name)


@pytest.fixture(scope="module")
def indexer(serve_example):
    return serve_with(serve_example, "debounce", reindex_quiet_period=PERIOD, reindex_max_delay=MAX_DELAY)


def edit(app, document_id: str, revision: int) -> tuple[str, float]:
    resp = app.http.post(f"/documents/{document_id}/edits", json={"revision": revision})
    assert resp.status_code == 202, resp.text
    return resp.json()["event_ids"][0], time.time()


def indexed(app, document_id: str) -> list[dict]:
    return [i for i in app.services.indexed if i["document_id"] == document_id]


def edit_and_wait_for_timer(app, time_skipper, function_id: str, document_id: str, revision: int,
                            after: Timer | None) -> tuple[str, Timer, float, float]:
    """Send one edit and wait until the server has taken it: a debounce timer due later
    than `after` (each edit of a burst pushes its key's timer later). Returns the event id,
    the timer, and the moments just before the edit was sent and just after the timer was seen.

    Waiting for each edit's timer before the next one keeps a burst in order: edits sent
    milliseconds apart are consumed concurrently and the debounce keeps the last one the
    server *processed* (measured: three edits sent 2 ms apart were processed in the order
    3, 1, 2 and the run got revision 2)."""
    before = time.time()
    event_id, _ = edit(app, document_id, revision)
    timer = time_skipper.wait_for_timer(function_id=function_id, kind="debounce",
                                        due_after=after.due if after else None)
    return event_id, timer, before, time.time()


def skip_debounces(time_skipper, function_id: str, expected: list[Timer]) -> None:
    """Fire the function's debounce timers, which must be the `expected` ones. A timer seen
    due within ~2 s may already be held by a queue worker, which cannot be moved (see
    inngest_kit.timeskip); it then runs at the due time asserted before, seconds away."""
    try:
        fired = time_skipper.skip(function_id=function_id, kind="debounce")
    except NoPendingTimer:
        return
    assert {t.item_id for t in fired} <= {t.item_id for t in expected}, (fired, expected)


def assert_due_a_period_after(timer: Timer, earliest: float, latest: float) -> None:
    """Due a full period (plus the server's 1.05 s buffer) after a moment in [earliest, latest]:
    the server counts from when it handled the edit, which the test can only bracket."""
    assert_due(timer, earliest, latest, PERIOD + SERVER_BUFFER)


def wait_until_indexed(app, *documents: str, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not all(indexed(app, doc) for doc in documents):
        assert time.monotonic() < deadline, f"not indexed: {[d for d in documents if not indexed(app, d)]}"
        time.sleep(0.05)


def test_a_burst_of_edits_starts_one_run_with_the_last_edit(indexer, inngest_api, time_skipper):
    function_id = inngest_api.function_id(SLUG)
    doc = unique("doc")
    sent, timers = [], []
    for revision in (1, 2, 3):
        event_id, timer, before, seen = edit_and_wait_for_timer(
            indexer, time_skipper, function_id, doc, revision, timers[-1] if timers else None)
        sent.append(event_id)
        timers.append(timer)
    # One debounce for the burst: every edit pushed the SAME timer later, and no run started.
    assert len({t.item_id for t in timers}) == 1, timers
    assert timers[0].due < timers[1].due < timers[2].due
    assert indexed(indexer, doc) == []
    # It is due a full quiet period after the LAST edit (plus the server's ~1 s buffer).
    assert_due_a_period_after(timers[-1], before, seen)

    skip_debounces(time_skipper, function_id, timers[-1:])
    wait_until_indexed(indexer, doc)
    assert [r["revision"] for r in indexed(indexer, doc)] == [3]
    assert indexer.services.ledger[(doc, "reindex")] == 1

    # One run for the burst; the server lists it under one event of the burst, and
    # its trigger is the last edit.
    linked = [r for event_id in sent for r in inngest_api.runs_for_event(event_id, expect=0, timeout_s=0.2)]
    assert len(linked) == 1, linked
    done = inngest_api.wait_for_run(linked[0].id)
    assert done.output == {"document_id": doc, "indexed_revision": 3}
    assert [p["data"]["revision"] for p in inngest_api.trigger(done.id)["payloads"]] == [3]
    # No second run can follow: the burst left no debounce timer behind.
    assert time_skipper.pending(function_id=function_id, kinds=["debounce"]) == []
    assert [r["revision"] for r in indexed(indexer, doc)] == [3]


def test_each_key_is_debounced_on_its_own(indexer, inngest_api, time_skipper):
    function_id = inngest_api.function_id(SLUG)
    doc_a, doc_b = unique("doc-a"), unique("doc-b")
    timers: dict[str, list[Timer]] = {doc_a: [], doc_b: []}
    brackets: dict[str, tuple[float, float]] = {}
    last = None
    for revision in (1, 2, 3):
        for doc, value in ((doc_a, revision), (doc_b, revision * 10)):
            _, last, before, seen = edit_and_wait_for_timer(indexer, time_skipper, function_id, doc, value, last)
            timers[doc].append(last)
            brackets[doc] = (before, seen)
    # Two debounces, one per document: each document's edits pushed its own timer, and
    # each timer is due a full period after that document's last edit.
    for doc in (doc_a, doc_b):
        assert len({t.item_id for t in timers[doc]}) == 1, (doc, timers[doc])
        assert_due_a_period_after(timers[doc][-1], *brackets[doc])
    assert timers[doc_a][0].item_id != timers[doc_b][0].item_id
    assert indexed(indexer, doc_a) == indexed(indexer, doc_b) == []

    skip_debounces(time_skipper, function_id, [timers[doc_a][-1], timers[doc_b][-1]])
    wait_until_indexed(indexer, doc_a, doc_b)
    # Nothing left that could start a further run for either document.
    assert time_skipper.pending(function_id=function_id, kinds=["debounce"]) == []
    assert [r["revision"] for r in indexed(indexer, doc_a)] == [3]
    assert [r["revision"] for r in indexed(indexer, doc_b)] == [30]


@pytest.mark.wait_floor(5)  # the 5 s debounce timeout, which cannot be skipped (the new burst's period is)
@pytest.mark.slow
def test_timeout_caps_the_delay_while_edits_keep_coming(indexer, inngest_api, time_skipper):
    """Edits every ~1.2 s never leave a 3 s quiet period, yet a run starts soon after
    the 5 s timeout (counted from the first edit); later edits form a new burst.

    Past the timeout the server still gives each update at least 1 s, plus its 1.05 s
    start buffer (updateDebounce.lua: `if ttl <= 0 then ttl = 1`), so the run comes up
    to one edit interval + ~2 s after the timeout. Edits less than 1 s apart keep
    postponing it past the timeout (measured: first run 8.5-14 s after the first edit
    with 0.8 s pacing), so this test paces them above 1 s.

    This runs in real time: a debounce's maximum delay stays at its real-time value
    whatever is skipped (inngest_kit.timeskip). Only the new burst's period is skipped.
    """
    function_id = inngest_api.function_id(SLUG)
    doc = unique("doc")
    sent_at: list[float] = []
    deadline = time.monotonic() + 25
    while not indexed(indexer, doc):  # keep editing until the first run happens
        assert time.monotonic() < deadline, "no run while edits kept coming"
        _, at = edit(indexer, doc, len(sent_at) + 1)
        sent_at.append(at)
        time.sleep(PACING_S)  # the edits' pacing is what is under test
    # One more edit after the run began: it starts a new burst, a full period from now.
    before = time.time()
    _, at = edit(indexer, doc, len(sent_at) + 1)
    sent_at.append(at)
    timer = time_skipper.wait_for_timer(
        function_id=function_id, kind="debounce",
        due_after=datetime.datetime.fromtimestamp(before, datetime.UTC) + PERIOD + SERVER_BUFFER
        - datetime.timedelta(milliseconds=1))
    assert_due_a_period_after(timer, before, time.time())

    gaps = [b - a for a, b in zip(sent_at, sent_at[1:], strict=False)]
    assert max(gaps) < PERIOD.total_seconds(), gaps  # the edits never went quiet for a period
    first_run = indexed(indexer, doc)[0]
    # The first run began about MAX_DELAY after the first edit, with the latest edit
    # the debounce held then (not the first one).
    latest_expected = MAX_DELAY.total_seconds() + max(gaps) + SERVER_BUFFER_S + 1 + SLACK_S
    assert MAX_DELAY.total_seconds() - 0.5 <= first_run["at"] - sent_at[0] <= latest_expected
    assert first_run["revision"] > 1

    # Edits after that form a new burst, with its own run and the last edit.
    skip_debounces(time_skipper, function_id, [timer])
    deadline = time.monotonic() + 20
    while indexed(indexer, doc)[-1]["revision"] != len(sent_at):
        assert time.monotonic() < deadline, indexed(indexer, doc)
        time.sleep(0.05)
    revisions = [r["revision"] for r in indexed(indexer, doc)]
    assert revisions[-1] == len(sent_at) and revisions == sorted(set(revisions))


def test_the_documented_production_values_are_the_defaults():
    """The tests above register 3 s / 5 s; production registers a 5 min quiet period capped at 30 min."""
    from examples.debounce.config import Settings

    defaults = Settings()
    assert (defaults.reindex_quiet_period, defaults.reindex_max_delay) == (
        datetime.timedelta(minutes=5),
        datetime.timedelta(minutes=30),
    )
