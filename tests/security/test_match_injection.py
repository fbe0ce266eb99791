"""mistakes/match_injection: a request value pasted into if_exp is expression source.

A crafted order id makes the wait match every approval: the attacker's run
resumes on another customer's approval. The field comparison with the same id,
and a safe-alphabet check at the API, do not let it through."""

import datetime
import urllib.parse

import pytest

from inngest_kit.api import now_rfc3339, unique

pytestmark = [pytest.mark.integration, pytest.mark.security]

APPROVED = "mistake-matchinj/refund.approved"
# Closes the quoted literal, ORs in a condition true for any other order, reopens the quote.
CRAFTED = "x' || async.data.order_id != 'x"
CRAFTED_DOUBLE = 'x" || async.data.order_id != "x'


@pytest.fixture(scope="module")
def served(serve_example):
    return serve_example("mistakes.match_injection")


@pytest.fixture
def timeout(served, monkeypatch):
    def set_timeout(seconds: int) -> None:
        monkeypatch.setattr(served.module.settings, "approval_timeout", datetime.timedelta(seconds=seconds))

    set_timeout(15)
    return set_timeout


def request_refund(app, api, order_id: str, *, safe: bool = False):
    path = f"/safe/refunds/{urllib.parse.quote(order_id, safe='')}" if safe else f"/refunds/{urllib.parse.quote(order_id, safe='')}"
    resp = app.http.post(path)
    assert resp.status_code == 202, resp.text
    run = api.run_for_event(resp.json()["event_ids"][0])
    api.wait_for_step(run.id, "wait-for-approval", "WAITING")
    return run


def approve(app, order_id: str) -> None:
    assert app.http.post(f"/refunds/{order_id}/approve").status_code == 202


def wait_expression(api, run_id: str) -> str:
    step = next(s for s in api.steps(run_id) if s.name == "wait-for-approval")
    return step.info["expression"]


def test_a_crafted_order_id_resumes_on_another_customers_approval(served, inngest_api, timeout):
    victim = unique("ord-victim")
    attacker = f"{unique('ord')}{CRAFTED}"
    victim_run = request_refund(served, inngest_api, victim)
    attacker_run = request_refund(served, inngest_api, attacker)
    assert wait_expression(inngest_api, attacker_run.id) == f"async.data.order_id == '{attacker}'"

    approve(served, victim)  # support approves the victim's refund, and only that

    stolen = inngest_api.wait_for_run(attacker_run.id)
    assert stolen.output == {"refunded": attacker, "approval_was_for": victim}
    assert served.module.ledger[(attacker, "pay-refund")] == 1
    # The victim's run got the same approval too (one event resumes every wait it matches).
    done = inngest_api.wait_for_run(victim_run.id)
    assert done.output == {"refunded": victim, "approval_was_for": victim}


@pytest.mark.wait_floor(2)  # 2 s approval timeout
@pytest.mark.parametrize("crafted", [CRAFTED, CRAFTED_DOUBLE], ids=["single-quote", "double-quote"])
def test_the_field_comparison_with_the_same_crafted_id_never_matches(served, inngest_api, timeout, crafted):
    """Sent straight to the event API (as any holder of the event key could), past the route's check."""
    timeout(2)
    victim, attacker = unique("ord-victim"), f"{unique('ord')}{crafted}"
    run = inngest_api.run_for_event(inngest_api.send("mistake-matchinj/refund-safe.requested", {"order_id": attacker}))
    inngest_api.wait_for_step(run.id, "wait-for-approval", "WAITING")
    # The server substituted the value as one quoted literal.
    assert wait_expression(inngest_api, run.id).startswith('async.data.order_id == "')
    approve(served, victim)

    done = inngest_api.wait_for_run(run.id, timeout_s=20)
    assert done.output == {"refunded": None}  # timed out: no approval matched
    assert served.module.ledger[(attacker, "pay-refund")] == 0


def test_the_safe_alphabet_check_refuses_the_crafted_id_at_the_api(served, inngest_api):
    since = now_rfc3339()
    resp = served.http.post(f"/safe/refunds/{urllib.parse.quote(CRAFTED, safe='')}")
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["type"] == "string_pattern_mismatch"
    sent = [e for e in inngest_api.events("mistake-matchinj/refund-safe.requested", since=since) if CRAFTED in str(e)]
    assert sent == []


def test_a_plain_id_matches_only_its_own_approval_in_both_forms(served, inngest_api, timeout):
    mine, other = unique("ord"), unique("ord-other")
    wrong = request_refund(served, inngest_api, mine)
    right = request_refund(served, inngest_api, mine, safe=True)
    approve(served, other)
    approve(served, mine)
    for run in (wrong, right):
        assert inngest_api.wait_for_run(run.id).output == {"refunded": mine, "approval_was_for": mine}
