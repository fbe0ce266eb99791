"""examples/api_fallback: fall back at once on a permanent error; retry a transient one first.

Retry back-offs are asserted as scheduled and skipped (inngest_kit.timeskip.skip_retries)."""

import time

import pytest

from inngest_kit.api import unique
from inngest_kit.timeskip import skip_retries

pytestmark = pytest.mark.integration

API_DRAFT = "Hi kim@example.com, about: Where is my order #1234?"
FALLBACK_DRAFT = "Hi lee@example.com, about: my parcel never came"


@pytest.fixture(scope="module")
def support_app(serve_example):
    return serve_example("api_fallback")


def receive(app, api, conversation_id: str):
    resp = app.http.post(
        f"/conversations/{conversation_id}/messages",
        json={"message_body": "my parcel never came", "customer_email": "lee@example.com"},
    )
    assert resp.status_code == 202, resp.text
    return api.run_for_event(resp.json()["event_ids"][0])


def fetches(app, conversation_id: str) -> int:
    return app.services.ledger[(conversation_id, "fetch-conversation")]


def test_api_answers_and_its_data_is_used(support_app, inngest_api):
    cid = unique("conv")
    done = inngest_api.wait_for_run(receive(support_app, inngest_api, cid).id)
    assert done.output == {"conversation_id": cid, "context_source": "api", "draft": API_DRAFT}
    assert fetches(support_app, cid) == 1


def test_permanent_error_falls_back_at_once(support_app, inngest_api):
    cid = unique("conv")
    support_app.services.deleted.add(cid)
    run = receive(support_app, inngest_api, cid)

    done = inngest_api.wait_for_run(run.id)
    assert done.output == {"conversation_id": cid, "context_source": "fallback", "draft": FALLBACK_DRAFT}
    assert fetches(support_app, cid) == 1  # no retry for a 404
    get_context = next(s for s in inngest_api.steps(run.id) if s.name == "get-context")
    assert get_context.status == "COMPLETED" and get_context.attempts == 0


def test_transient_error_is_retried_and_the_real_data_arrives(support_app, inngest_api, time_skipper):
    """The branch a catch-all fallback gets wrong: one 503, then the API answers."""
    cid = unique("conv")
    support_app.services.outage(cid, calls=1)
    sent_at = time.time()
    run = receive(support_app, inngest_api, cid)
    assert [t.attempt for t in skip_retries(time_skipper, run.id, 1, since=sent_at)] == [1]

    done = inngest_api.wait_for_run(run.id)
    assert done.output == {"conversation_id": cid, "context_source": "api", "draft": API_DRAFT}
    assert fetches(support_app, cid) == 2
    get_context = next(s for s in inngest_api.steps(run.id) if s.name == "get-context")
    assert [c.status for c in get_context.children] == ["FAILED", "COMPLETED"]


def test_transient_error_that_outlasts_the_retries_falls_back(support_app, inngest_api, time_skipper):
    cid = unique("conv")
    support_app.services.outage(cid, calls=3)  # all 3 attempts (retries=2)
    sent_at = time.time()
    run = receive(support_app, inngest_api, cid)
    assert [t.attempt for t in skip_retries(time_skipper, run.id, 2, since=sent_at)] == [1, 2]

    done = inngest_api.wait_for_run(run.id)
    assert done.output == {"conversation_id": cid, "context_source": "fallback", "draft": FALLBACK_DRAFT}
    assert fetches(support_app, cid) == 3
    assert [(s.name, s.status) for s in inngest_api.steps(run.id)] == [
        ("get-context", "FAILED"),
        ("draft-reply", "COMPLETED"),
    ]
