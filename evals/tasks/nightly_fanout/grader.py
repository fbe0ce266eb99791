"""Grades nightly_fanout: both triggers, one report per account despite retries of the planner and a report."""

import json

from evals.grading.framework import Grader
from evals.grading.kit import unique

REQUESTED = "reports/nightly.requested"


def grade(g: Grader) -> None:
    flaky, quoted = unique("acct-flaky"), unique("acct-\"o'q\"")
    accounts = [unique("acct"), unique("acct"), flaky, quoted, unique("acct")]
    g.start_app({"EVAL_ACCOUNTS": json.dumps(accounts)})
    functions = g.registered()
    with g.check("planner registered for the 03:00 cron and reports/nightly.requested"):
        triggers = sorted(t["value"] for t in functions["plan-nightly-reports"]["triggers"])
        assert triggers == ["0 3 * * *", REQUESTED], f"triggers {triggers}"
    with g.check("builder registered for reports/account.requested"):
        triggers = [t["value"] for t in functions["build-account-report"]["triggers"]]
        assert triggers == ["reports/account.requested"], f"triggers {triggers}"

    def built(account: str) -> int:
        return len(g.ledger("build_report", key=account))

    with g.check("a manual run completes with the number of accounts"):
        run = g.api.complete(g.api.send(REQUESTED, {}), timeout_s=30)
        assert run.output == {"accounts": len(accounts)}, run.output
    g.wait_until(lambda: all(built(a) for a in accounts), 15)
    g.wait_until(lambda: False, 1.5)  # duplicates arrive after the first reports, if at all
    with g.check("every account's report is built exactly once"):
        counts = {a: built(a) for a in accounts}
        assert set(counts.values()) == {1}, f"reports per account: {list(counts.values())}"
    with g.check("a failing report is retried alone"):
        assert len(g.ledger("build_report:attempt", key=flaky)) == 2, "the flaky report was not tried exactly twice"
        others = [len(g.ledger("build_report:attempt", key=a)) for a in accounts if a != flaky]
        assert others == [1] * len(others), f"attempts at the other reports: {others}"
    with g.check("account ids with quotes get their report"):
        assert built(quoted) == 1, f"{built(quoted)} reports"
