"""Grades trial_conversion: subscribers get no reminder and count once, others are untouched."""

import time

from evals.grading.framework import Grader
from evals.grading.kit import unique

DELAY_S = 3
STARTED, SUBSCRIBED = "billing/trial.started", "billing/subscription.created"


def grade(g: Grader) -> None:
    g.start_app({"TRIAL_REMINDER_DELAY_S": str(DELAY_S)})
    subscriber, lapsed, late = unique("user-sub"), unique("user-o'q x"), unique("user-late")
    runs = {}
    started = time.time()  # no sleep can start before its event was sent
    for user in (subscriber, lapsed, late):
        runs[user] = g.api.run_for_event(g.api.send(STARTED, {"user_id": user}), function="trial-reminder").id
    for run_id in runs.values():  # the run has reached its sleep or wait: the trial is pending
        g.paused_in(run_id)
    g.api.send(SUBSCRIBED, {"user_id": subscriber})

    def reminders(user: str) -> list[dict]:
        return g.ledger("send_reminder", key=user)

    def conversions(user: str) -> list[dict]:
        return g.ledger("record_conversion", key=user)

    g.wait_until(lambda: reminders(lapsed) and reminders(late), DELAY_S + 12)
    g.api.send(SUBSCRIBED, {"user_id": late})  # after the reminder went out
    g.wait_until(lambda: False, 2)  # time for a wrong reminder or conversion to show up
    with g.check("a user who subscribes during the trial gets no reminder"):
        assert not reminders(subscriber), "the subscriber got the reminder"
    with g.check("a user who does not subscribe gets the reminder after TRIAL_REMINDER_DELAY_S"):
        assert len(reminders(lapsed)) == 1, f"{len(reminders(lapsed))} reminders"
        waited = reminders(lapsed)[0]["t"] - started
        assert waited >= DELAY_S - 0.2, f"reminded {waited:.1f} s after the trial started"
    with g.check("a conversion is recorded exactly once for a subscriber"):
        assert len(conversions(subscriber)) == 1, f"{len(conversions(subscriber))} conversions"
    with g.check("a subscription after the reminder is not a conversion"):
        assert not conversions(late), f"{len(conversions(late))} conversions for a post-reminder subscription"
    with g.check("one user's subscription leaves other trials alone (ids with quotes)"):
        assert len(reminders(lapsed)) == 1 and not conversions(lapsed), "the quoted user's trial was disturbed"
        assert len(reminders(late)) == 1, "another user's subscription cancelled this reminder"
