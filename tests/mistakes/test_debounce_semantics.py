"""The seed says debounce "only runs once per document per 5 minutes". It runs a
full period after the LAST event, with that event; continuous events postpone it."""

import time

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration

MODULE = "mistakes.debounce_semantics"
SLACK_S = 6.0  # the server's ~1 s start buffer plus queue latency under load


@pytest.fixture(scope="module")
def served(serve_example):
    return serve_example(MODULE)


def edit(api, document_id: str, revision: int) -> tuple[str, float]:
    event_id = api.send("mistake-debounce/content.updated", {"document_id": document_id, "revision": revision})
    return event_id, time.time()


def runs_of(served, document_id: str) -> list[dict]:
    return [i for i in served.module.indexed if i["document_id"] == document_id]


def test_seed_period_string_is_rejected(served):
    from inngest._internal.errors import FunctionConfigInvalidError  # not re-exported by `inngest`

    with pytest.raises(FunctionConfigInvalidError, match="period"):
        served.module.build_seed_form()


@pytest.mark.wait_floor(3)  # 2 s debounce period + 1 s server start delay
def test_a_single_edit_waits_a_full_period(served, inngest_api):
    """Not "run now, then suppress for 5 minutes": even the first edit waits."""
    doc = unique("doc")
    event_id, sent_at = edit(inngest_api, doc, 1)
    inngest_api.complete(event_id)
    (run,) = runs_of(served, doc)
    period = served.module.PERIOD.total_seconds()
    assert period <= run["at"] - sent_at <= period + SLACK_S


@pytest.mark.wait_floor(10.5)  # 12 edits 0.5 s apart (5.5 s to the last) + 2 s period + 1 s start delay + 2 s proving no second run
@pytest.mark.slow
def test_continuous_edits_postpone_the_run_until_they_stop(served, inngest_api):
    """Edits every 0.5 s with a 2 s period: "once per period" would run about 3 times
    in 6 s; the debounce runs once, after the edits stop, with the last one."""
    doc = unique("doc")
    for revision in range(1, 13):
        _, last_at = edit(inngest_api, doc, revision)
        time.sleep(0.5)  # the pacing of the edits is what is under test
    assert runs_of(served, doc) == []  # nothing ran during 6 s of edits

    deadline = time.monotonic() + 20
    while not runs_of(served, doc):
        assert time.monotonic() < deadline, "never indexed"
        time.sleep(0.1)
    time.sleep(served.module.PERIOD.total_seconds())  # proving a negative: no second run follows
    runs = runs_of(served, doc)
    assert [r["revision"] for r in runs] == [12]
    assert runs[0]["at"] - last_at >= served.module.PERIOD.total_seconds()


@pytest.mark.wait_floor(6)  # 2 runs one after the other, each 2 s period + 1 s start delay
@pytest.mark.slow
def test_edits_further_apart_than_the_period_each_get_a_run(served, inngest_api):
    doc = unique("doc")
    first, _ = edit(inngest_api, doc, 1)
    inngest_api.complete(first)  # the first run happened (about 3 s later)...
    second, _ = edit(inngest_api, doc, 2)  # ...and a later edit starts another
    inngest_api.complete(second)
    assert [r["revision"] for r in runs_of(served, doc)] == [1, 2]
