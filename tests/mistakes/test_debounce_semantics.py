"""The seed says debounce "only runs once per document per 5 minutes". It runs a
full period after the LAST event, with that event; continuous events postpone it.

The tests read the debounce timer the server scheduled (due a full period after the last
edit) and skip it instead of waiting it out; the continuous-edits test keeps its real
0.5 s pacing over 5.5 s, since edits arriving in real time is what it is about."""

import datetime
import time

import pytest

from inngest_kit.api import unique
from inngest_kit.timeskip import Timer, assert_due
from tests.examples.test_debounce import skip_debounces  # the example's own (it is copied with it)

pytestmark = pytest.mark.integration

MODULE = "mistakes.debounce_semantics"
SLUG = "mistake-debounce-semantics-search-index-update"
# The server starts a debounced run a period + 1 s + 50 ms after the last event
# (pkg/execution/debounce/debounce.go: `now.Add(ttl).Add(buffer).Add(time.Second)`).
SERVER_BUFFER = datetime.timedelta(seconds=1.05)


@pytest.fixture(scope="module")
def served(serve_example):
    return serve_example(MODULE)


def edit(api, document_id: str, revision: int) -> tuple[str, float]:
    """Send one edit; its event id and the moment just BEFORE it was sent."""
    sent_at = time.time()
    event_id = api.send("mistake-debounce/content.updated", {"document_id": document_id, "revision": revision})
    return event_id, sent_at


def runs_of(served, document_id: str) -> list[dict]:
    return [i for i in served.module.indexed if i["document_id"] == document_id]


def assert_due_a_period_after(served, timer: Timer, earliest: float, latest: float) -> None:
    """Due a full period (plus the server's buffer) after a moment in [earliest, latest]:
    the server counts from when it handled the edit, which the test can only bracket."""
    assert_due(timer, earliest, latest, served.module.PERIOD + SERVER_BUFFER)


def wait_for_debounce(time_skipper, function_id: str, after: Timer | None = None) -> Timer:
    """The function's debounce timer once the server has taken the latest edit: due later
    than `after` (each edit of a burst pushes its key's timer later)."""
    return time_skipper.wait_for_timer(function_id=function_id, kind="debounce",
                                       due_after=after.due if after else None)


def test_seed_period_string_is_rejected(served):
    from inngest._internal.errors import FunctionConfigInvalidError  # not re-exported by `inngest`

    with pytest.raises(FunctionConfigInvalidError, match="period"):
        served.module.build_seed_form()


def test_a_single_edit_waits_a_full_period(served, inngest_api, time_skipper):
    """Not "run now, then suppress for 5 minutes": even the first edit waits."""
    function_id = inngest_api.function_id(SLUG)
    doc = unique("doc")
    event_id, sent_at = edit(inngest_api, doc, 1)
    timer = wait_for_debounce(time_skipper, function_id)
    # The server scheduled the run a full period out, and nothing ran meanwhile.
    assert_due_a_period_after(served, timer, sent_at, time.time())
    assert runs_of(served, doc) == []
    assert inngest_api.runs_for_event(event_id, expect=0, timeout_s=0.2) == []

    skip_debounces(time_skipper, function_id, [timer])
    inngest_api.complete(event_id)
    assert [r["revision"] for r in runs_of(served, doc)] == [1]


@pytest.mark.wait_floor(5.5)  # 12 edits 0.5 s apart: nothing runs during those 5.5 s
@pytest.mark.slow
def test_continuous_edits_postpone_the_run_until_they_stop(served, inngest_api, time_skipper):
    """Edits every 0.5 s with a 2 s period: "once per period" would run about 3 times
    in 6 s; the debounce runs once, after the edits stop, with the last one."""
    function_id = inngest_api.function_id(SLUG)
    doc = unique("doc")
    timers: list[Timer] = []
    sent: list[float] = []
    for revision in range(1, 13):
        _, sent_at = edit(inngest_api, doc, revision)
        sent.append(sent_at)
        # Each edit pushes the same timer later; waiting for that keeps the edits in order.
        timers.append(wait_for_debounce(time_skipper, function_id, timers[-1] if timers else None))
        seen = time.time()
        if revision < 12:
            time.sleep(max(0.0, sent_at + 0.5 - time.time()))  # the pacing of the edits is what is under test
    assert runs_of(served, doc) == []  # nothing ran during 5.5 s of edits
    gaps = [b - a for a, b in zip(sent, sent[1:], strict=False)]
    assert max(gaps) < served.module.PERIOD.total_seconds(), gaps  # never quiet for a period
    # One timer all along, pushed by every edit; it is due a full period after the LAST one.
    assert len({t.item_id for t in timers}) == 1, timers
    assert_due_a_period_after(served, timers[-1], sent[-1], seen)

    skip_debounces(time_skipper, function_id, timers[-1:])
    deadline = time.monotonic() + 20
    while not runs_of(served, doc):
        assert time.monotonic() < deadline, "never indexed"
        time.sleep(0.05)
    assert [r["revision"] for r in runs_of(served, doc)] == [12]
    # No second run can follow: no debounce timer is left.
    assert time_skipper.pending(function_id=function_id, kinds=["debounce"]) == []


def test_edits_further_apart_than_the_period_each_get_a_run(served, inngest_api, time_skipper):
    """The second edit comes after the first one's period has passed (skipped): it starts a
    new debounce, and a second run, instead of being suppressed."""
    function_id = inngest_api.function_id(SLUG)
    doc = unique("doc")
    first, sent_at = edit(inngest_api, doc, 1)
    first_timer = wait_for_debounce(time_skipper, function_id)
    assert_due_a_period_after(served, first_timer, sent_at, time.time())
    skip_debounces(time_skipper, function_id, [first_timer])
    inngest_api.complete(first)  # the first run happened...
    assert time_skipper.pending(function_id=function_id, kinds=["debounce"]) == []

    second, sent_at = edit(inngest_api, doc, 2)  # ...and a later edit starts another
    second_timer = wait_for_debounce(time_skipper, function_id)
    assert_due_a_period_after(served, second_timer, sent_at, time.time())
    assert second_timer.item_id != first_timer.item_id  # a new debounce, not the first one extended
    skip_debounces(time_skipper, function_id, [second_timer])
    inngest_api.complete(second)
    assert [r["revision"] for r in runs_of(served, doc)] == [1, 2]
