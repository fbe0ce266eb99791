"""idempotency= on a function that also has rate_limit=: the server registers the
idempotency key as the function's rate limit (1 per 24 h per key) in place of the
configured one (pkg/sdk/function.go, `if s.Idempotency != nil`), so the rate limit
is silently gone."""

import json

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def app(serve_example):
    return serve_example("tests.semantics.apps.flow_config")


def registered_rate_limit(inngest_api, slug: str) -> dict:
    fn = next(f for f in inngest_api.functions() if f["slug"] == slug)
    return json.loads(fn["config"])["rateLimit"]


def test_the_server_keeps_the_idempotency_limit_and_drops_the_rate_limit(app, inngest_api):
    assert registered_rate_limit(inngest_api, "semantics-flow-config-both") == {
        "limit": 1, "period": "24h0m0s", "key": "event.data.order_id"
    }
    assert registered_rate_limit(inngest_api, "semantics-flow-config-rate-only")["key"] == "event.data.account_id"


@pytest.mark.wait_floor(3)  # proof that the duplicate order starts no run
def test_with_idempotency_two_orders_of_one_account_both_run(app, inngest_api):
    account = unique("acct")
    first, second = unique("ord"), unique("ord")
    for order in (first, second):
        inngest_api.complete(inngest_api.send(app.module.BOTH, {"account_id": account, "order_id": order}))
    # The hourly per-account limit would have dropped the second order; it ran.
    assert app.module.ledger[("both", first)] == app.module.ledger[("both", second)] == 1
    # The idempotency key still holds: the same order again starts no run.
    again = inngest_api.send(app.module.BOTH, {"account_id": unique("acct"), "order_id": first})
    assert inngest_api.runs_for_event(again, expect=0, timeout_s=3) == []


@pytest.mark.wait_floor(3)  # proof that the second order starts no run
def test_the_same_rate_limit_alone_drops_the_second_order(app, inngest_api):
    account = unique("acct")
    first, second = unique("ord"), unique("ord")
    inngest_api.complete(inngest_api.send(app.module.RATE_ONLY, {"account_id": account, "order_id": first}))
    dropped = inngest_api.send(app.module.RATE_ONLY, {"account_id": account, "order_id": second})
    assert inngest_api.runs_for_event(dropped, expect=0, timeout_s=3) == []
    assert app.module.ledger[("rate-only", second)] == 0
