"""examples/concurrency_limits: concurrency caps measured, not assumed.

Every step execution records its start and end (monotonic clock, in this
process) in the example's services; the tests compute how many really
overlapped and check that every queued run still completed.
"""

import time

import pytest

from inngest_kit.api import unique

pytestmark = [pytest.mark.integration, pytest.mark.slow]

# A run blocked by a concurrency limit is requeued for up to 5 s before it is
# looked at again, so a queue of N one-second runs can take several times N s.
RUN_TIMEOUT_S = 90


@pytest.fixture(scope="module")
def limits_app(serve_example):
    return serve_example("concurrency_limits")


def max_overlap(executions) -> int:
    """The largest number of executions in progress at the same instant."""
    edges = sorted([(e.started, 1) for e in executions] + [(e.ended, -1) for e in executions])
    # At equal times the end (-1) sorts first: back-to-back is not an overlap.
    current = peak = 0
    for _, delta in edges:
        current += delta
        peak = max(peak, current)
    return peak


def complete_all(api, event_ids: list[str]) -> list:
    runs = [api.run_for_event(e, timeout_s=30) for e in event_ids]
    return [api.wait_for_run(r.id, timeout_s=RUN_TIMEOUT_S) for r in runs]


def executions_of(app, action: str, ids: set[str]) -> list:
    return [e for e in app.services.executions if e.action == action and e.item_id in ids]


@pytest.mark.wait_floor(3)  # 6 x 1 s renders, 2 at a time
def test_global_limit_caps_overlap_and_queues_the_rest(limits_app, inngest_api):
    limit = limits_app.module.settings.render_slots
    report_ids = [unique("rep") for _ in range(6)]
    resp = limits_app.http.post("/reports", json={"report_ids": report_ids})
    assert resp.status_code == 202, resp.text

    done = complete_all(inngest_api, resp.json()["event_ids"])
    # Queued, not dropped: every run completed and rendered its report exactly once.
    assert sorted(r.output["id"] for r in done) == sorted(report_ids)
    assert all(limits_app.services.ledger[(r, "render")] == 1 for r in report_ids)

    runs = executions_of(limits_app, "render", set(report_ids))
    assert len(runs) == 6
    # Never more than the limit at once, and the limit was really used (the
    # renders did run side by side, so the cap is what held them back).
    assert max_overlap(runs) == limit == 2


@pytest.mark.wait_floor(3)  # 3 x 1 s syncs per account, 1 at a time per account
def test_keyed_limit_is_per_account_and_accounts_run_side_by_side(limits_app, inngest_api):
    acme, globex = unique("acct-acme"), unique("acct-globex")
    resp = limits_app.http.post("/syncs", json={"account_ids": [acme, globex] * 3})
    assert resp.status_code == 202, resp.text
    items = resp.json()["items"]

    complete_all(inngest_api, resp.json()["event_ids"])
    sync_ids = {i["sync_id"] for i in items}
    assert all(limits_app.services.ledger[(s, "sync")] == 1 for s in sync_ids)

    runs = executions_of(limits_app, "sync", sync_ids)
    assert len(runs) == 6
    # One at a time within an account...
    assert max_overlap([e for e in runs if e.group == acme]) == 1
    assert max_overlap([e for e in runs if e.group == globex]) == 1
    # ...while the two accounts ran at the same time: the key is not a global cap of 1.
    assert max_overlap(runs) == 2


@pytest.mark.wait_floor(3)  # 6 x 1 s exports, 2 at a time
def test_global_and_keyed_limits_hold_together(limits_app, inngest_api):
    settings = limits_app.module.settings
    accounts = [unique("acct-a"), unique("acct-b"), unique("acct-c")]
    # The first account's two exports go first and alone: a global slot is free for the
    # second, and only the per-account limit keeps it waiting.
    first = limits_app.http.post("/exports", json={"account_ids": [accounts[0]] * 2})
    assert first.status_code == 202, first.text
    deadline = time.monotonic() + 30
    while not any(limits_app.services.ledger[(i["export_id"], "export")] for i in first.json()["items"]):
        assert time.monotonic() < deadline, "no export started"
        time.sleep(0.05)
    rest = limits_app.http.post("/exports", json={"account_ids": accounts[1:] * 2})
    assert rest.status_code == 202, rest.text
    items = first.json()["items"] + rest.json()["items"]

    complete_all(inngest_api, first.json()["event_ids"] + rest.json()["event_ids"])
    export_ids = {i["export_id"] for i in items}
    assert all(limits_app.services.ledger[(x, "export")] == 1 for x in export_ids)

    runs = executions_of(limits_app, "export", export_ids)
    assert len(runs) == 6
    for account in accounts:
        assert max_overlap([e for e in runs if e.group == account]) == settings.exports_per_account == 1
    # Three accounts could run three at once; the global cap keeps it to two.
    assert max_overlap(runs) == settings.export_slots == 2
