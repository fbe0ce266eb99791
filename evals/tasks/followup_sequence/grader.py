"""Grades followup_sequence: three emails, in order, once each, a gap apart, per lead."""

from evals.grading.framework import Grader
from evals.grading.kit import unique

GAP_S = 1
EVENT = "leads/created"
TEMPLATES = ["intro", "case-study", "last-call"]


def grade(g: Grader) -> None:
    g.start_app({"FOLLOWUP_GAP_S": str(GAP_S)})
    leads = [unique("lead"), unique("lead-\"o'q\"")]
    events = {lead: g.api.send(EVENT, {"lead_id": lead}) for lead in leads}

    def sent(lead: str) -> list[dict]:
        return g.ledger("send_email", key=lead)

    with g.check("the run completes with the contract's return value"):
        for lead in leads:
            run = g.api.complete(events[lead], timeout_s=3 * GAP_S + 12)
            assert run.output == {"lead_id": lead, "sent": TEMPLATES}, run.output
    g.wait_until(lambda: all(len(sent(lead)) >= 3 for lead in leads), 3 * GAP_S + 5)
    with g.check("all three emails go out, in order"):
        order = [dict.fromkeys(e["template"] for e in sent(lead)) for lead in leads]
        assert [list(o) for o in order] == [TEMPLATES, TEMPLATES], [list(o) for o in order]
    with g.check("each email goes out exactly once"):
        counts = [len(sent(lead)) for lead in leads]
        assert counts == [3, 3], f"emails per lead: {counts}"
    with g.check("emails are FOLLOWUP_GAP_S apart"):
        times = {e["template"]: e["t"] for e in reversed(sent(leads[0]))}  # the first of each
        gaps = [times[b] - times[a] for a, b in zip(TEMPLATES, TEMPLATES[1:], strict=False)]
        assert all(gap >= GAP_S - 0.2 for gap in gaps), f"gaps {[round(x, 1) for x in gaps]} s"
    with g.check("leads do not share a sequence (ids with quotes)"):
        assert [e["template"] for e in sent(leads[1])] == TEMPLATES, [e["template"] for e in sent(leads[1])]
