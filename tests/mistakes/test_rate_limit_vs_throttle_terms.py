"""mistakes/rate_limit_vs_throttle_terms: the seed says throttle was renamed to
rateLimit; in the Python SDK both exist, and the same burst shows the difference."""

import inspect
import json
import time

import inngest
import pytest

from inngest_kit.api import unique

pytestmark = [pytest.mark.integration, pytest.mark.slow]

MISTAKE = "mistakes.rate_limit_vs_throttle_terms"
APP_ID = "mistake-rate-limit-vs-throttle-terms"
ABSENCE_WINDOW_S = 2.0  # dropped events must still show no run after this fixed wait


@pytest.fixture(scope="module")
def mistake(serve_example):
    return serve_example(MISTAKE)


def burst(api, event: str, account_id: str, n: int = 5) -> tuple[list[str], list[str]]:
    payments = [unique("pay") for _ in range(n)]
    ids = api.send_many([{"name": event, "data": {"account_id": account_id, "payment_id": p}} for p in payments])
    return payments, ids


@pytest.mark.wait_floor(5)  # throttled runs 1 per s (asserted >= 3 s) + 2 s window proving the rate-limited events start no run
def test_same_burst_throttle_charges_all_rate_limit_drops(mistake, inngest_api):
    module = mistake.module
    account = unique("acct")
    throttled_payments, throttled_events = burst(inngest_api, module.PAYMENT_THROTTLED, account)
    limited_payments, limited_events = burst(inngest_api, module.PAYMENT_RATE_LIMITED, account)

    # Throttle: every payment charged, one per second.
    started = time.monotonic()
    for e in throttled_events:
        inngest_api.complete(e, timeout_s=40)
    assert all(module.ledger[(p, "throttled")] == 1 for p in throttled_payments)
    assert time.monotonic() - started >= 3.0  # 5 runs at 1 per second, not all at once

    # Rate limit, same numbers: one payment charged, four events with no run at all.
    time.sleep(ABSENCE_WINDOW_S)  # proving that nothing more starts: a fixed wait is the point
    runs = [len(inngest_api.runs_for_event(e, expect=0, timeout_s=0)) for e in limited_events]
    assert sorted(runs) == [0, 0, 0, 0, 1]
    assert sum(module.ledger[(p, "rate_limited")] for p in limited_payments) == 1


def test_both_options_exist_and_register_as_different_fields(mistake, inngest_api):
    params = inspect.signature(inngest.Inngest.create_function).parameters
    assert {"throttle", "rate_limit"} <= set(params)

    configs = {f["slug"]: json.loads(f["config"]) for f in inngest_api.functions() if f["slug"].startswith(APP_ID)}
    throttled = configs[f"{APP_ID}-charge-payment-throttled"]
    limited = configs[f"{APP_ID}-charge-payment-rate-limited"]
    assert throttled.get("throttle") and not throttled.get("rateLimit")
    assert limited.get("rateLimit") and not limited.get("throttle")
