"""The seed says event-id and idempotency-key dedupe last 24 hours. The server
source agrees (mistake.toml cites it); these tests prove what seconds can: the
dedupe inside the window, and the 24 h rate limit the server registers."""

import json

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration

MODULE = "mistakes.event_id_window"
NO_RUN_WINDOW_S = 2.0  # proving a negative: how long we watch for a run that must not start


@pytest.fixture(scope="module")
def served(serve_example):
    return serve_example(MODULE)


@pytest.mark.wait_floor(2)  # 2 s window proving the duplicate starts no run
def test_duplicate_event_id_starts_no_run_within_the_window(served, inngest_api):
    user = unique("user")
    event = {"user_id": user}
    first = inngest_api.send("mistake-idem-window/user.created", event, id=f"user-created-{user}")
    inngest_api.complete(first)
    again = inngest_api.send("mistake-idem-window/user.created", event, id=f"user-created-{user}")
    assert inngest_api.runs_for_event(again, expect=0, timeout_s=NO_RUN_WINDOW_S) == []
    assert served.module.ledger[(user, "welcome")] == 1


@pytest.mark.wait_floor(2)  # 2 s window proving the duplicate starts no run
def test_duplicate_idempotency_key_starts_no_run_within_the_window(served, inngest_api):
    user = unique("user")
    first = inngest_api.send("mistake-idem-window/user.signed-up", {"user_id": user})
    inngest_api.complete(first)
    again = inngest_api.send("mistake-idem-window/user.signed-up", {"user_id": user, "plan": "pro"})
    assert inngest_api.runs_for_event(again, expect=0, timeout_s=NO_RUN_WINDOW_S) == []
    assert served.module.ledger[(user, "welcome")] == 1


def test_idempotency_key_is_registered_as_one_run_per_24_hours(served, inngest_api):
    slug = served.module.welcome_by_idempotency_key.id
    config = next(json.loads(f["config"]) for f in inngest_api.functions() if f["slug"] == slug)
    assert config["rateLimit"] == {"limit": 1, "period": "24h0m0s", "key": "event.data.user_id"}
