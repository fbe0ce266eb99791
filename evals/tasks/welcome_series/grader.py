"""Grades welcome_series: each email once, the tips email after TIPS_DELAY_S, per user."""

from evals.grading.framework import Grader
from evals.grading.kit import unique

DELAY_S = 2
EVENT = "users/signed.up"


def grade(g: Grader) -> None:
    with g.check("function registered for users/signed.up"):
        g.start_app({"TIPS_DELAY_S": str(DELAY_S)})
        triggers = [t["value"] for t in g.registered()["send-welcome-series"]["triggers"]]
        assert triggers == [EVENT], f"triggers {triggers}"

    flaky = unique("flaky-user")  # its first tips email fails at the provider
    plain, quoted = unique("user"), unique("o'brien \"jr\"")
    ids = {u: g.api.send(EVENT, {"user_id": u, "email": f"{u}@example.com"}) for u in (flaky, plain, quoted)}
    runs = {}
    with g.check("run completes with the contract's return value"):
        for user, event_id in ids.items():
            runs[user] = g.api.complete(event_id, timeout_s=DELAY_S + 12)
            assert runs[user].output == {"user_id": user, "sent": ["welcome", "tips"]}, runs[user].output

    def emails(user: str, template: str) -> list[dict]:
        return g.ledger("email", user_id=user, template=template)

    with g.check("welcome email sent exactly once although a later send failed"):
        g.wait_until(lambda: emails(flaky, "tips"), 5)
        assert len(emails(flaky, "welcome")) == 1, f"{len(emails(flaky, 'welcome'))} welcome emails"
    with g.check("tips email sent exactly once"):
        assert [len(emails(u, "tips")) for u in ids] == [1, 1, 1], [len(emails(u, "tips")) for u in ids]
    with g.check("tips email waits TIPS_DELAY_S after the welcome email"):
        for user in (plain, quoted):
            gap = emails(user, "tips")[0]["t"] - emails(user, "welcome")[0]["t"]
            assert DELAY_S - 0.2 <= gap <= DELAY_S + 20, f"tips came {gap:.1f} s after welcome, not ~{DELAY_S} s"
    with g.check("concurrent users get their own emails (ids with quotes)"):
        for user in ids:
            got = sorted(e["template"] for e in g.ledger("email", user_id=user))
            assert got == ["tips", "welcome"], f"{user!r} got {got}"
