"""Grades email_confirmation: confirmations before the wait are not lost, activation is prompt."""

import time

from evals.grading.framework import Grader
from evals.grading.kit import unique

TIMEOUT_S = 8
CREATED, CONFIRMED = "accounts/created", "accounts/email.confirmed"


def grade(g: Grader) -> None:
    g.start_app({"CONFIRM_TIMEOUT_S": str(TIMEOUT_S)})
    quick, slow, never = unique("user-quick-o'q"), unique("user-slow"), unique("user-never")
    runs = {u: g.api.run_for_event(g.api.send(CREATED, {"user_id": u})).id for u in (quick, slow, never)}
    g.wait_until(lambda: g.ledger("send_confirmation_email", key=slow), 30)
    g.paused_in(runs[slow])  # the slow user clicks once the run waits (or sleeps)
    g.mark("confirmed", key=slow)
    g.api.send(CONFIRMED, {"user_id": slow})
    confirmed_at = time.time()

    def outcome(user: str) -> dict:
        return g.api.wait_for_run(runs[user], timeout_s=TIMEOUT_S + 15).output

    with g.check("a user who confirms at once is activated"):
        assert outcome(quick) == {"user_id": quick, "status": "active"}, outcome(quick)
    with g.check("a user who confirms later is activated within seconds of confirming"):
        assert outcome(slow) == {"user_id": slow, "status": "active"}, outcome(slow)
        took = g.ledger("activate", key=slow)[0]["t"] - confirmed_at
        # Sleeping out the timeout would activate ~TIMEOUT_S - 1 s after the click.
        assert took < TIMEOUT_S / 2, f"activated {took:.1f} s after confirming (timeout {TIMEOUT_S} s)"
    with g.check("a user who never confirms is deactivated after CONFIRM_TIMEOUT_S"):
        assert outcome(never) == {"user_id": never, "status": "deactivated"}, outcome(never)
    with g.check("each user is activated or deactivated exactly once"):
        counts = [len(g.ledger("activate", key=u)) + len(g.ledger("deactivate", key=u)) for u in runs]
        assert counts == [1, 1, 1], f"activations+deactivations per user: {counts}"
    with g.check("ids with apostrophes work"):
        assert len(g.ledger("activate", key=quick)) == 1, "the user with an apostrophe was not activated"
