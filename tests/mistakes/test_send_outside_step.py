"""Seeds: send follow-up events with `inngest_client.send` in the body. Server: one send per replay."""

import time

import pytest

from inngest_kit.api import assert_step_names, unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def mistake(serve_example):
    return serve_example("mistakes.send_outside_step")


def follow_ups(module, lead_id: str, at_least: int, settle_s: float = 2.0) -> int:
    """Wait until `at_least` follow-up runs counted, then a settle window (proves no more arrive)."""
    deadline = time.monotonic() + 30
    while module.ledger[(lead_id, "follow-up-started")] < at_least and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(settle_s)  # fixed window: any further follow-up would have started by now
    return module.ledger[(lead_id, "follow-up-started")]


@pytest.mark.wait_floor(2)  # 2 s window proving no further follow-up
def test_a_send_in_the_body_runs_once_per_later_step(mistake, inngest_api):
    module = mistake.module
    lead_id = unique("lead")
    run = inngest_api.complete(inngest_api.send("mistake-send/lead.created", {"lead_id": lead_id}))

    # qualify; [send] assign-owner; [send] update-crm; [send] return: 3 sends, 3 follow-up runs.
    assert follow_ups(module, lead_id, at_least=3) == 3
    # Every step ran once: only the unguarded send repeated.
    assert [module.ledger[(lead_id, a)] for a in ("qualify", "assign-owner", "update-crm")] == [1, 1, 1]
    # And the trace does not show the send at all.
    assert_step_names(inngest_api, run.id, ["qualify", "assign-owner", "update-crm"])


@pytest.mark.wait_floor(2)  # 2 s window proving no further follow-up
def test_step_send_event_sends_once_and_shows_in_the_trace(mistake, inngest_api):
    module = mistake.module
    lead_id = unique("lead")
    run = inngest_api.complete(inngest_api.send("mistake-send/lead.created-right", {"lead_id": lead_id}))

    assert follow_ups(module, lead_id, at_least=1) == 1
    assert_step_names(inngest_api, run.id, ["qualify", "start-follow-up", "assign-owner", "update-crm"])


@pytest.mark.wait_floor(2)  # 2 s window proving no further follow-up
def test_the_seed_literal_shape_sends_once_only_because_nothing_follows(mistake, inngest_api):
    """The seeds' own code (one step, then the send, then return) happens to send once:
    the send is reached on one request only. Add any step after it and it repeats."""
    module = mistake.module
    lead_id = unique("lead")
    inngest_api.complete(inngest_api.send("mistake-send/job.submitted", {"lead_id": lead_id}))
    assert follow_ups(module, lead_id, at_least=1) == 1
