"""examples/debounce: one run per burst of events, after the quiet period, with the last event."""

import datetime
import importlib
import sys
import time

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration

PERIOD = datetime.timedelta(seconds=3)  # stands in for 5 minutes (3 s: event processing can lag ~2 s under load)
MAX_DELAY = datetime.timedelta(seconds=5)  # stands in for 30 minutes
# The server enqueues the debounced start at last event + period + 1.05 s
# (pkg/execution/debounce/debounce.go: `now.Add(ttl).Add(buffer).Add(time.Second)`).
SERVER_BUFFER_S = 1.05
SLACK_S = 5.0  # queue latency on a loaded 2-core machine
PACING_S = 1.2  # between edits: under the 3 s period, above the 1 s minimum TTL
# Between the edits of a burst. Events sent milliseconds apart are consumed concurrently
# and the debounce keeps the last one the server *processed* (measured: three edits sent
# 2 ms apart were processed in the order 3, 1, 2 and the run got revision 2). A burst a
# person makes is spaced far wider than that; 0.5 s is still well inside the 3 s period.
BURST_GAP_S = 0.5


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


def wait_for_runs(app, document_id: str, timeout_s: float = 20.0) -> list[dict]:
    """Poll the index stand-in until this document was indexed, then watch a little
    longer (proving that no second run follows)."""
    deadline = time.monotonic() + timeout_s
    while not indexed(app, document_id):
        assert time.monotonic() < deadline, f"{document_id} was never indexed"
        time.sleep(0.1)
    time.sleep(PERIOD.total_seconds())  # proving a negative: no further run
    return indexed(app, document_id)


@pytest.mark.wait_floor(8)  # 2 x 0.5 s between the edits + 3 s period + 1 s server start delay + 3 s proving no second run
def test_a_burst_of_edits_starts_one_run_with_the_last_edit(indexer, inngest_api):
    doc = unique("doc")
    sent = []
    for revision in (1, 2, 3):
        if sent:
            time.sleep(BURST_GAP_S)  # the pacing of the burst (see BURST_GAP_S)
        sent.append(edit(indexer, doc, revision))
    last_at = sent[-1][1]

    runs = wait_for_runs(indexer, doc)
    assert [r["revision"] for r in runs] == [3]
    assert indexer.services.ledger[(doc, "reindex")] == 1
    # It started a full quiet period after the LAST edit (plus the server's ~1 s buffer).
    delay = runs[0]["at"] - last_at
    assert PERIOD.total_seconds() <= delay <= PERIOD.total_seconds() + SERVER_BUFFER_S + SLACK_S, delay

    # One run for the burst; the server lists it under one event of the burst, and
    # its trigger is the last edit.
    linked = [r for event_id, _ in sent for r in inngest_api.runs_for_event(event_id, expect=0, timeout_s=0.2)]
    assert len(linked) == 1, linked
    done = inngest_api.wait_for_run(linked[0].id)
    assert done.output == {"document_id": doc, "indexed_revision": 3}
    assert [p["data"]["revision"] for p in inngest_api.trigger(done.id)["payloads"]] == [3]


@pytest.mark.wait_floor(8)  # 2 x 0.5 s between the edits + 3 s period + 1 s server start delay + 3 s proving no further run
def test_each_key_is_debounced_on_its_own(indexer, inngest_api):
    doc_a, doc_b = unique("doc-a"), unique("doc-b")
    for revision in (1, 2, 3):
        if revision > 1:
            time.sleep(BURST_GAP_S)  # the pacing of the bursts (see BURST_GAP_S)
        edit(indexer, doc_a, revision)
        edit(indexer, doc_b, revision * 10)

    deadline = time.monotonic() + 20
    while not (indexed(indexer, doc_a) and indexed(indexer, doc_b)):
        assert time.monotonic() < deadline, "a document was never indexed"
        time.sleep(0.1)
    time.sleep(PERIOD.total_seconds())  # proving a negative: no further run for either
    assert [r["revision"] for r in indexed(indexer, doc_a)] == [3]
    assert [r["revision"] for r in indexed(indexer, doc_b)] == [30]


@pytest.mark.wait_floor(9)  # 5 s debounce timeout, then the new burst's 3 s period + 1 s server start delay
@pytest.mark.slow
def test_timeout_caps_the_delay_while_edits_keep_coming(indexer, inngest_api):
    """Edits every ~1.2 s never leave a 3 s quiet period, yet a run starts soon after
    the 5 s timeout (counted from the first edit); later edits form a new burst.

    Past the timeout the server still gives each update at least 1 s, plus its 1.05 s
    start buffer (updateDebounce.lua: `if ttl <= 0 then ttl = 1`), so the run comes up
    to one edit interval + ~2 s after the timeout. Edits less than 1 s apart keep
    postponing it past the timeout (measured: first run 8.5-14 s after the first edit
    with 0.8 s pacing), so this test paces them above 1 s.
    """
    doc = unique("doc")
    sent_at: list[float] = []
    deadline = time.monotonic() + 25
    while not indexed(indexer, doc):  # keep editing until the first run happens
        assert time.monotonic() < deadline, "no run while edits kept coming"
        _, at = edit(indexer, doc, len(sent_at) + 1)
        sent_at.append(at)
        time.sleep(PACING_S)  # the edits' pacing is what is under test
    _, at = edit(indexer, doc, len(sent_at) + 1)  # one more edit after the run began
    sent_at.append(at)

    gaps = [b - a for a, b in zip(sent_at, sent_at[1:], strict=False)]
    assert max(gaps) < PERIOD.total_seconds(), gaps  # the edits never went quiet for a period
    first_run = indexed(indexer, doc)[0]
    # The first run began about MAX_DELAY after the first edit, with the latest edit
    # the debounce held then (not the first one).
    latest_expected = MAX_DELAY.total_seconds() + max(gaps) + SERVER_BUFFER_S + 1 + SLACK_S
    assert MAX_DELAY.total_seconds() - 0.5 <= first_run["at"] - sent_at[0] <= latest_expected
    assert first_run["revision"] > 1

    # Edits after that form a new burst, with its own run and the last edit.
    deadline = time.monotonic() + 20
    while indexed(indexer, doc)[-1]["revision"] != len(sent_at):
        assert time.monotonic() < deadline, indexed(indexer, doc)
        time.sleep(0.1)
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
