"""examples/followup_sequence under inngest.experimental.mocked.

Proves the sequence (sleep, email, sleep, email) in milliseconds with the
production delays of 3 and 7 days: mocked sleeps return at once. Cannot
prove cancellation: `cancel=[inngest.Cancel(...)]` is evaluated by the server
(tests/examples/test_followup_sequence.py), and a mocked run has no way to
receive the conversion event.
"""

import datetime
import time

import inngest
from inngest.experimental import mocked

from examples.followup_sequence import services
from examples.followup_sequence.config import settings
from examples.followup_sequence.functions import FOLLOWUP_REQUESTED, follow_up_sequence
from inngest_kit.api import unique

CLIENT = mocked.Inngest(app_id="followup-sequence-unit")


def request(lead_id: str) -> inngest.Event:
    return inngest.Event(name=FOLLOWUP_REQUESTED, data={"lead_id": lead_id, "email": "ada@example.com"})


def test_both_follow_ups_are_sent_without_waiting_for_the_sleeps():
    assert settings.first_delay == datetime.timedelta(days=3)  # the production values, untouched
    assert settings.second_delay == datetime.timedelta(days=7)
    lead_id = unique("lead")
    started = time.monotonic()
    result = mocked.trigger(follow_up_sequence, request(lead_id), CLIENT)
    assert time.monotonic() - started < 1.0
    assert result.output == {"lead_id": lead_id, "emails_sent": 2}
    assert services.ledger[(lead_id, "first-follow-up")] == 1
    assert services.ledger[(lead_id, "second-follow-up")] == 1


def test_a_stubbed_sleep_is_just_skipped():
    lead_id = unique("lead")
    result = mocked.trigger(
        follow_up_sequence, request(lead_id), CLIENT, step_stubs={"wait-before-first-follow-up": None}
    )
    assert result.status is mocked.Status.COMPLETED


def test_cannot_prove_cancellation_the_run_always_completes():
    """The cancel option is only configuration here: nothing evaluates it."""
    assert [c.event for c in follow_up_sequence._opts.cancel] == ["lead/converted"]
    lead_id = unique("lead")
    result = mocked.trigger(follow_up_sequence, request(lead_id), CLIENT)
    assert result.status is mocked.Status.COMPLETED
    assert services.ledger[(lead_id, "second-follow-up")] == 1
