"""examples/rate_limit: events over a rate limit are dropped (no run), counted per event."""

import time

import pytest

from inngest_kit.api import unique

pytestmark = [pytest.mark.integration, pytest.mark.slow]

# Fixed window in which a dropped event must still show no run. The admitted
# runs of the same burst have completed before it starts, so the server has
# already handled every event of the burst.
ABSENCE_WINDOW_S = 2.0


@pytest.fixture(scope="module")
def rate_app(serve_example):
    return serve_example("rate_limit")


def runs_per_event(api, event_ids: list[str]) -> dict[str, int]:
    time.sleep(ABSENCE_WINDOW_S)  # proving that nothing more starts: a fixed wait is the point
    return {e: len(api.runs_for_event(e, expect=0, timeout_s=0)) for e in event_ids}


def test_the_server_registered_the_documented_limits(rate_app, inngest_api):
    """Pins what the example promises: one alert per SKU per hour, 10 refreshes a minute per
    user. The other tests measure behaviour within seconds, where 1 h and 1 min look alike."""
    alerts = inngest_api.function_config("rate-limited-alerts-low-stock-alert")["rateLimit"]
    refreshes = inngest_api.function_config("rate-limited-alerts-refresh-dashboard")["rateLimit"]
    assert alerts == {"limit": 1, "period": "1h", "key": "event.data.sku"}
    assert refreshes == {"limit": 10, "period": "1m", "key": "event.data.user_id"}


def post_updates(app, updates: list[dict]) -> dict:
    resp = app.http.post("/stock-updates", json={"updates": updates})
    assert resp.status_code == 202, resp.text
    return resp.json()


@pytest.mark.wait_floor(2)  # 2 s fixed window proving the dropped events start no run
def test_burst_for_one_sku_runs_once_and_drops_the_rest(rate_app, inngest_api):
    flapping, other = unique("sku-flap"), unique("sku-other")
    body = post_updates(rate_app, [{"sku": flapping, "quantity": q} for q in (3, 2, 1, 0, 0)] + [{"sku": other, "quantity": 1}])
    flapping_events, other_event = body["event_ids"][:5], body["event_ids"][5]

    # A different key is not limited by the flapping SKU's burst.
    inngest_api.complete(other_event)
    # Exactly one event of the burst started a run (which one is not the first
    # in the list necessarily: events of one request are handled in no set order).
    admitted = [e for e in flapping_events if inngest_api.runs_for_event(e, expect=0, timeout_s=0)]
    deadline = time.monotonic() + 20
    while not admitted and time.monotonic() < deadline:
        admitted = [e for e in flapping_events if inngest_api.runs_for_event(e, expect=0, timeout_s=0)]
    assert len(admitted) == 1
    inngest_api.complete(admitted[0])

    counts = runs_per_event(inngest_api, flapping_events)
    assert sum(counts.values()) == 1
    assert sorted(counts.values()) == [0, 0, 0, 0, 1]  # four events dropped: no run at all
    assert rate_app.services.ledger[(flapping, "alert")] == 1
    assert rate_app.services.ledger[(other, "alert")] == 1


@pytest.mark.wait_floor(2)  # 2 s fixed window proving the duplicates start no run
def test_sequential_duplicates_the_first_is_kept(rate_app, inngest_api):
    sku = unique("sku-seq")
    first = post_updates(rate_app, [{"sku": sku, "quantity": 2}])["event_ids"][0]
    inngest_api.complete(first)
    later = [post_updates(rate_app, [{"sku": sku, "quantity": q}])["event_ids"][0] for q in (1, 0)]

    counts = runs_per_event(inngest_api, later)
    assert counts == {later[0]: 0, later[1]: 0}
    assert rate_app.services.ledger[(sku, "alert")] == 1


@pytest.mark.wait_floor(5.5)  # the rate limit admits the next event 6 s after the burst (asserted >= 5.5 s)
def test_limit_is_a_rate_not_a_quota(rate_app, inngest_api):
    """limit=10 per 60 s admits 2 of a burst, then one more every 6 s."""
    settings = rate_app.module.settings
    spacing = settings.refresh_period.total_seconds() / settings.refreshes_per_user  # 6 s
    user = unique("user")

    burst_sent = time.monotonic()
    resp = rate_app.http.post(f"/users/{user}/dashboard/refresh", params={"times": 8})
    assert resp.status_code == 202, resp.text
    burst = resp.json()["event_ids"]
    counts = runs_per_event(inngest_api, burst)
    assert sum(counts.values()) == 1 + settings.refreshes_per_user // 10 == 2

    # Ask again once a second until one is admitted: measures when capacity returns.
    dropped_meanwhile = 0
    while True:
        sent = time.monotonic()
        assert sent - burst_sent < 3 * spacing, "no refresh admitted after the burst"
        event_id = rate_app.http.post(f"/users/{user}/dashboard/refresh").json()["event_ids"][0]
        if inngest_api.runs_for_event(event_id, expect=0, timeout_s=1.0):
            break
        dropped_meanwhile += 1
    admitted_after = sent - burst_sent
    assert spacing - 0.5 <= admitted_after <= spacing + 2.5, admitted_after
    assert dropped_meanwhile >= 1  # asked in between and was dropped
    inngest_api.complete(event_id)
    assert rate_app.services.ledger[(user, "refresh")] == 3


@pytest.mark.wait_floor(2)  # 2 s fixed window proving the dropped events start no run
def test_one_users_burst_leaves_another_users_refresh_alone(rate_app, inngest_api):
    busy, other = unique("user-busy"), unique("user-other")
    burst = rate_app.http.post(f"/users/{busy}/dashboard/refresh", params={"times": 6}).json()["event_ids"]
    counts = runs_per_event(inngest_api, burst)
    assert sum(counts.values()) == 2  # the busy user's bucket is empty now...
    event_id = rate_app.http.post(f"/users/{other}/dashboard/refresh").json()["event_ids"][0]
    inngest_api.complete(event_id)  # ...and the other user's refresh still runs at once
    assert rate_app.services.ledger[(other, "refresh")] == 1
