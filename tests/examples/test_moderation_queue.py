"""examples/moderation_queue: auto-action, review with SLA, escalation, manual fallback.

The missed-SLA test waits a 2 s review SLA in real time; the manual-handling test runs
the production SLAs (4 h, then 1 h), asserts when the server scheduled each timeout and
skips it."""

import datetime
import time

import pytest

from inngest_kit.api import assert_step_names, now_rfc3339, unique
from inngest_kit.timeskip import assert_due

pytestmark = pytest.mark.integration

SHORT = datetime.timedelta(seconds=2)  # stands in for the 4 h / 1 h SLAs
LONGER = datetime.timedelta(seconds=4)  # an escalation SLA set apart from the review SLA
ROOMY = datetime.timedelta(seconds=20)  # long enough that a review always beats it
REVIEW_SLA = datetime.timedelta(hours=4)  # the production defaults (last test of this file)
ESCALATION_SLA = datetime.timedelta(hours=1)


@pytest.fixture(scope="module")
def moderation_app(serve_example):
    return serve_example("moderation_queue")


@pytest.fixture
def slas(moderation_app, monkeypatch):
    settings = moderation_app.module.settings

    def set_slas(review: datetime.timedelta, escalation: datetime.timedelta) -> None:
        monkeypatch.setattr(settings, "review_sla", review)
        monkeypatch.setattr(settings, "escalation_sla", escalation)

    set_slas(ROOMY, ROOMY)
    return set_slas


def flag(app, text: str) -> tuple[str, str]:
    content_id = unique("post")
    resp = app.http.post("/flags", json={"content_id": content_id, "text": text})
    assert resp.status_code == 202, resp.text
    return content_id, resp.json()["event_ids"][0]


def review(app, content_id: str, action: str = "hide", moderator: str = "mod-ana") -> None:
    resp = app.http.post(f"/content/{content_id}/review", json={"moderator": moderator, "action": action})
    assert resp.status_code == 202, resp.text


def test_high_confidence_is_auto_actioned(moderation_app, inngest_api, slas):
    content_id, event_id = flag(moderation_app, "Buy followers now!!!")
    done = inngest_api.complete(event_id)
    assert done.output == {
        "status": "auto-actioned",
        "content_id": content_id,
        "action": "remove",
        "decided_by": "classifier",
    }
    assert_step_names(inngest_api, done.id, ["classify", "auto-action"])
    assert moderation_app.services.ledger[(content_id, "queue-for-review")] == 0


def test_a_review_within_the_sla_is_applied(moderation_app, inngest_api, slas):
    content_id, event_id = flag(moderation_app, "you idiot")
    run = inngest_api.run_for_event(event_id)
    inngest_api.wait_for_step(run.id, "wait-review", "WAITING")
    review(moderation_app, content_id, action="hide", moderator="mod-ana")

    done = inngest_api.wait_for_run(run.id)
    assert done.output == {"status": "reviewed", "content_id": content_id, "action": "hide", "decided_by": "mod-ana"}
    assert_step_names(inngest_api, run.id, ["classify", "queue-for-review", "wait-review", "apply-decision"])
    ledger = moderation_app.services.ledger
    assert (ledger[(content_id, "escalate")], ledger[(content_id, "apply-hide")]) == (0, 1)


@pytest.mark.wait_floor(2)  # 2 s review SLA
def test_a_missed_sla_escalates_and_the_senior_review_is_applied(moderation_app, inngest_api, slas):
    slas(SHORT, ROOMY)
    content_id, event_id = flag(moderation_app, "you idiot")
    run = inngest_api.run_for_event(event_id)
    inngest_api.wait_for_step(run.id, "wait-escalated-review", "WAITING", timeout_s=20)
    review(moderation_app, content_id, action="keep", moderator="senior-bo")

    done = inngest_api.wait_for_run(run.id)
    assert done.output == {"status": "reviewed", "content_id": content_id, "action": "keep", "decided_by": "senior-bo"}
    assert_step_names(
        inngest_api,
        run.id,
        ["classify", "queue-for-review", "wait-review", "escalate", "wait-escalated-review", "apply-decision"],
    )
    assert {"to": "senior-moderators", "content_id": content_id} in moderation_app.services.pages


def test_no_review_after_escalation_marks_manual_handling(moderation_app, inngest_api, slas, time_skipper):
    # Two different SLAs, so that the escalated wait shows which one it used.
    slas(REVIEW_SLA, ESCALATION_SLA)
    since = now_rfc3339()
    sent_at = time.time()
    content_id, event_id = flag(moderation_app, "unclear meme")
    run = inngest_api.run_for_event(event_id)
    first = time_skipper.wait_for_timer(run.id, kind="pause", step="wait-review")
    assert first.label == "wait_for_event timeout"
    assert_due(first, sent_at, time.time(), REVIEW_SLA)

    other = unique("another-post")
    review(moderation_app, other, action="remove")  # not this content: ignored
    deadline = time.monotonic() + 20
    while not [e for e in inngest_api.events("moderation/content.reviewed", since=since)
               if e["data"]["content_id"] == other]:
        assert time.monotonic() < deadline, "the other post's review did not reach the server"
        time.sleep(0.1)
    # The server has the other review and the run still waits on its 4 h timeout.
    assert [t.item_id for t in time_skipper.pending(run.id, kinds=["pause"])] == [first.item_id]
    before_escalation = time.time()
    time_skipper.skip(run.id, kind="pause")

    # The escalated wait uses the escalation SLA (1 h), not the review SLA again.
    second = time_skipper.wait_for_timer(run.id, kind="pause", step="wait-escalated-review")
    assert_due(second, before_escalation, time.time(), ESCALATION_SLA)
    time_skipper.skip(run.id, kind="pause")

    done = inngest_api.wait_for_run(run.id, timeout_s=30)
    assert done.output == {"status": "manual-handling", "content_id": content_id, "ticket": f"MOD-{content_id}"}
    assert_step_names(
        inngest_api,
        run.id,
        ["classify", "queue-for-review", "wait-review", "escalate", "wait-escalated-review", "mark-manual-handling"],
    )
    ledger = moderation_app.services.ledger
    assert (ledger[(content_id, "escalate")], ledger[(content_id, "manual-handling")]) == (1, 1)


def test_a_classification_at_exactly_the_threshold_is_auto_actioned(moderation_app, inngest_api, slas, monkeypatch):
    """The threshold is inclusive (>=): the spam classifier's 0.99 with the threshold at 0.99."""
    monkeypatch.setattr(moderation_app.module.settings, "auto_action_confidence", 0.99)
    content_id, event_id = flag(moderation_app, "Buy followers now!!!")
    done = inngest_api.complete(event_id)
    assert done.output["status"] == "auto-actioned"
    assert moderation_app.services.ledger[(content_id, "queue-for-review")] == 0


def test_the_documented_slas_and_threshold_are_the_defaults():
    """The production values the example documents: 4 h to review, 1 h after escalation, 0.95."""
    from examples.moderation_queue.config import Settings

    defaults = Settings()
    assert (defaults.review_sla, defaults.escalation_sla) == (datetime.timedelta(hours=4), datetime.timedelta(hours=1))
    assert defaults.auto_action_confidence == 0.95
