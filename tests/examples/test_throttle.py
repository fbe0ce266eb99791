"""examples/throttle: throttled runs are delayed, never dropped; start times measured.

Throttle(limit=L, period=P, burst=B) measured on this server: the first L + B
runs of a key start at once, then one every P / L.
"""

import datetime

import inngest
import pytest

from inngest_kit.api import unique

pytestmark = [pytest.mark.integration, pytest.mark.slow]

RUN_TIMEOUT_S = 60
TOLERANCE_S = 0.3  # request and scheduling jitter on a loaded 2-core machine


@pytest.fixture(scope="module")
def throttle_app(serve_example):
    return serve_example("throttle")


def test_the_server_registered_the_documented_throttles(throttle_app, inngest_api):
    """Pins the example's values; the timing tests below derive their expectations from
    the settings, so on their own they would follow a changed value."""
    contact = inngest_api.function_config("throttle-partner-sync-push-contact")["throttle"]
    digest = inngest_api.function_config("throttle-partner-sync-send-digest")["throttle"]
    assert contact == {"limit": 1, "period": "1s", "burst": 0, "key": "event.data.workspace_id"}
    assert digest == {"limit": 1, "period": "2s", "burst": 2, "key": "event.data.workspace_id"}


def complete_all(api, event_ids: list[str]) -> list:
    runs = [api.run_for_event(e, timeout_s=30) for e in event_ids]
    return [api.wait_for_run(r.id, timeout_s=RUN_TIMEOUT_S) for r in runs]


def start_times(app, action: str, workspace_id: str) -> list[float]:
    return sorted(c.at for c in app.services.calls if c.action == action and c.workspace_id == workspace_id)


@pytest.mark.wait_floor(4.4)  # 6 starts 1 s apart (throttle 1 per 1 s), less the 0.3 s jitter the test allows at each end
def test_burst_of_contacts_all_run_one_per_period(throttle_app, inngest_api):
    settings = throttle_app.module.settings
    period = settings.contact_period.total_seconds()
    busy, quiet = unique("ws-busy"), unique("ws-quiet")
    contacts = [unique("contact") for _ in range(6)]

    resp = throttle_app.http.post(f"/workspaces/{busy}/contacts/import", json={"contact_ids": contacts})
    assert resp.status_code == 202, resp.text
    other = throttle_app.http.post(f"/workspaces/{quiet}/contacts/import", json={"contact_ids": [unique("contact")]})

    done = complete_all(inngest_api, resp.json()["event_ids"] + other.json()["event_ids"])
    # None dropped: every event produced a run that pushed its contact exactly once.
    assert len(done) == 7
    assert all(throttle_app.services.ledger[(c, "push-contact")] == 1 for c in contacts)

    starts = start_times(throttle_app, "push-contact", busy)
    assert len(starts) == 6
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    # limit=1, burst=0: one start per period, the first two included.
    assert all(g >= period / settings.contact_writes - TOLERANCE_S for g in gaps), gaps
    # Spread, not stalled: 6 runs take about 5 periods.
    assert starts[-1] - starts[0] <= 5 * period + 3, gaps

    # The key gives each workspace its own throttle: the quiet workspace's
    # contact did not queue behind the busy one's six.
    quiet_start = start_times(throttle_app, "push-contact", quiet)[0]
    assert quiet_start < starts[2]


@pytest.mark.wait_floor(3.4)  # 2 starts 2 s apart after the burst of 3, less the 0.3 s jitter the test allows at each end
def test_burst_lets_limit_plus_burst_start_together(throttle_app, inngest_api):
    settings = throttle_app.module.settings
    at_once = settings.digest_sends + settings.digest_burst  # 1 + 2
    spacing = settings.digest_period.total_seconds() / settings.digest_sends  # 2 s
    workspace = unique("ws")

    resp = throttle_app.http.post(f"/workspaces/{workspace}/digests", json={"count": 5})
    assert resp.status_code == 202, resp.text
    complete_all(inngest_api, resp.json()["event_ids"])
    assert all(throttle_app.services.ledger[(d, "send-digest")] == 1 for d in resp.json()["digest_ids"])

    starts = start_times(throttle_app, "send-digest", workspace)
    assert len(starts) == 5
    # The first limit + burst started together...
    assert starts[at_once - 1] - starts[0] < 1.0, starts
    # ...the rest one per period / limit.
    assert starts[at_once] - starts[0] >= spacing - TOLERANCE_S, starts
    assert starts[at_once + 1] - starts[at_once] >= spacing - TOLERANCE_S, starts


def test_sdk_default_burst_is_one():
    """Leaving burst out is not "no burst": the SDK sends burst=1 (limit + 1 start at once)."""
    throttle = inngest.Throttle(limit=1, period=datetime.timedelta(seconds=1))
    assert throttle.burst == 1
