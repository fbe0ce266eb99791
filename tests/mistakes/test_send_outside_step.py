"""Seeds: send follow-up events with `inngest_client.send` in the body. Server: one send per replay.

"No further follow-up" is proven by counting the sends themselves (a spy on the app's
client; step.send_event goes through it too): once the run has COMPLETED its body made
every send it will make, and each event starts one follow-up run, so the test waits for
exactly that many runs instead of a fixed quiet window."""

import time

import pytest

from inngest_kit.api import assert_step_names, unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def mistake(serve_example):
    return serve_example("mistakes.send_outside_step")


@pytest.fixture
def sent(mistake, monkeypatch) -> list:
    """Every event the app's client sends during the test, in order (the send itself still happens)."""
    client = mistake.module.inngest_client
    original = client.send
    events: list = []

    async def spy(batch, *args, **kwargs):
        events.extend(batch if isinstance(batch, list) else [batch])
        return await original(batch, *args, **kwargs)

    monkeypatch.setattr(client, "send", spy)
    return events


def follow_ups(module, sent: list, lead_id: str) -> tuple[int, int]:
    """(follow-up events sent, follow-up runs started) for a lead whose run has COMPLETED.

    Its body has made all its sends by then; each follow-up event starts one run, so the
    runs are waited for until there are as many as sends (and no more can come)."""
    sends = len([e for e in sent if e.name == module.AWAIT_REPLY and e.data["lead_id"] == lead_id])
    deadline = time.monotonic() + 30
    while module.ledger[(lead_id, "follow-up-started")] < sends and time.monotonic() < deadline:
        time.sleep(0.1)
    return sends, module.ledger[(lead_id, "follow-up-started")]


def test_a_send_in_the_body_runs_once_per_later_step(mistake, inngest_api, sent):
    module = mistake.module
    lead_id = unique("lead")
    run = inngest_api.complete(inngest_api.send("mistake-send/lead.created", {"lead_id": lead_id}))

    # qualify; [send] assign-owner; [send] update-crm; [send] return: 3 sends, 3 follow-up runs.
    assert follow_ups(module, sent, lead_id) == (3, 3)
    # Every step ran once: only the unguarded send repeated.
    assert [module.ledger[(lead_id, a)] for a in ("qualify", "assign-owner", "update-crm")] == [1, 1, 1]
    # And the trace does not show the send at all.
    assert_step_names(inngest_api, run.id, ["qualify", "assign-owner", "update-crm"])


def test_step_send_event_sends_once_and_shows_in_the_trace(mistake, inngest_api, sent):
    module = mistake.module
    lead_id = unique("lead")
    run = inngest_api.complete(inngest_api.send("mistake-send/lead.created-right", {"lead_id": lead_id}))

    assert follow_ups(module, sent, lead_id) == (1, 1)
    assert_step_names(inngest_api, run.id, ["qualify", "start-follow-up", "assign-owner", "update-crm"])


def test_the_seed_literal_shape_sends_once_only_because_nothing_follows(mistake, inngest_api, sent):
    """The seeds' own code (one step, then the send, then return) happens to send once:
    the send is reached on one request only. Add any step after it and it repeats."""
    module = mistake.module
    lead_id = unique("lead")
    inngest_api.complete(inngest_api.send("mistake-send/job.submitted", {"lead_id": lead_id}))
    assert follow_ups(module, sent, lead_id) == (1, 1)
