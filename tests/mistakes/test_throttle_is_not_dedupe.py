"""mistakes/throttle_is_not_dedupe: the seed says a throttle (key conversation, limit 1,
period 10 s) "prevents duplicate processing"; every duplicate still runs."""

import time

import pytest

from inngest_kit.api import unique

pytestmark = [pytest.mark.integration, pytest.mark.slow]

MISTAKE = "mistakes.throttle_is_not_dedupe"
ABSENCE_WINDOW_S = 2.0  # a dropped duplicate must still show no run after this fixed wait


@pytest.fixture(scope="module")
def mistake(serve_example):
    return serve_example(MISTAKE)


def duplicates(api, event: str, n: int = 3) -> tuple[str, list[str]]:
    """The same inbound message delivered n times (a webhook retried by its sender)."""
    message_id = unique("msg")
    data = {"conversation_id": unique("cnv"), "message_id": message_id}
    return message_id, api.send_many([{"name": event, "data": data} for _ in range(n)])


@pytest.mark.wait_floor(9.5)  # the third duplicate waits out the 10 s throttle period (asserted >= 9.5 s)
def test_throttle_processes_every_duplicate(mistake, inngest_api):
    module = mistake.module
    message_id, event_ids = duplicates(inngest_api, module.INBOUND_THROTTLED)

    for e in event_ids:
        inngest_api.complete(e, timeout_s=40)
    # Three deliveries of one message, three runs, processed three times.
    assert module.ledger[(message_id, "throttled")] == 3

    starts = sorted(t for h, m, t in module.processed_at if h == "throttled" and m == message_id)
    # limit 1 + the SDK's default burst 1: the first duplicate is not even delayed...
    assert starts[1] - starts[0] < 1.0, starts
    # ...and the third only waits out the 10 s period, then runs anyway.
    assert 10 - 0.5 <= starts[2] - starts[0] <= 10 + 5, starts


@pytest.mark.wait_floor(2)  # 2 s window proving the duplicates start nothing
def test_idempotency_key_processes_the_message_once(mistake, inngest_api):
    module = mistake.module
    message_id, event_ids = duplicates(inngest_api, module.INBOUND_IDEMPOTENT)

    deadline = time.monotonic() + 20
    while module.ledger[(message_id, "idempotent")] == 0:
        assert time.monotonic() < deadline, "no run processed the message"
        time.sleep(0.1)
    time.sleep(ABSENCE_WINDOW_S)  # proving that the duplicates start nothing: a fixed wait is the point
    runs = [len(inngest_api.runs_for_event(e, expect=0, timeout_s=0)) for e in event_ids]
    assert sorted(runs) == [0, 0, 1]
    assert module.ledger[(message_id, "idempotent")] == 1
