"""examples/priority: start order measured while runs wait behind a concurrency limit of 1.

Protocol of each test: one run takes the only slot; the competing runs are sent
while it works, and each is confirmed queued (its run exists) before the next
is sent, so "sent later" really means "queued later".
"""

import datetime
import time

import pytest

from inngest_kit.api import unique
from inngest_kit.timeskip import assert_due

pytestmark = [pytest.mark.integration, pytest.mark.slow]

RUN_TIMEOUT_S = 60


@pytest.fixture(scope="module")
def priority_app(serve_example):
    return serve_example("priority")


def send(app, path: str, field: str, items: list[dict], api) -> list[str]:
    resp = app.http.post(path, json={field: items})
    assert resp.status_code == 202, resp.text
    event_ids = resp.json()["event_ids"]
    for e in event_ids:
        api.run_for_event(e)  # queued: the server created its run
    return event_ids


def wait_started(app, item_id: str, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while item_id not in app.services.started_at:
        assert time.monotonic() < deadline, f"{item_id} never started"
        time.sleep(0.02)


def start_order(app, api, event_ids: list[str], ids: list[str]) -> list[str]:
    for e in event_ids:
        api.wait_for_run(api.run_for_event(e).id, timeout_s=RUN_TIMEOUT_S)
    return sorted(ids, key=lambda i: app.services.started_at[i])


@pytest.mark.wait_floor(6)  # 6 tickets x 1 s of work, one slot
def test_enterprise_ticket_starts_before_queued_free_tickets(priority_app, inngest_api):
    blocker, late = unique("tkt-blocker"), unique("tkt-late-free")
    free = [unique("tkt-free") for _ in range(3)]
    enterprise = unique("tkt-enterprise")

    events = send(priority_app, "/tickets", "tickets", [{"ticket_id": blocker}], inngest_api)
    wait_started(priority_app, blocker)
    events += send(priority_app, "/tickets", "tickets", [{"ticket_id": t} for t in free], inngest_api)
    events += send(priority_app, "/tickets", "tickets", [{"ticket_id": enterprise, "plan": "enterprise"}], inngest_api)
    events += send(priority_app, "/tickets", "tickets", [{"ticket_id": late}], inngest_api)

    order = start_order(priority_app, inngest_api, events, [blocker, *free, enterprise, late])
    # The running ticket keeps its slot; the enterprise ticket takes the next one,
    # ahead of the free tickets queued before it...
    assert order[:2] == [blocker, enterprise], order
    assert set(order[2:5]) == set(free)
    # ...while a free ticket queued after them all waits its turn (no priority: queue order).
    assert order[-1] == late


@pytest.mark.wait_floor(5)  # 5 jobs x 1 s of work, one slot
def test_numeric_urgency_moves_a_job_ahead(priority_app, inngest_api):
    blocker, urgent = unique("job-blocker"), unique("job-urgent")
    normal = [unique("job-normal") for _ in range(3)]

    events = send(priority_app, "/backfills", "jobs", [{"job_id": blocker}], inngest_api)
    wait_started(priority_app, blocker)
    events += send(priority_app, "/backfills", "jobs", [{"job_id": j} for j in normal], inngest_api)
    events += send(priority_app, "/backfills", "jobs", [{"job_id": urgent, "urgency_s": 600}], inngest_api)

    order = start_order(priority_app, inngest_api, events, [blocker, *normal, urgent])
    assert order[:2] == [blocker, urgent], order
    assert set(order[2:]) == set(normal)


def test_negative_urgency_delays_the_start_even_with_an_idle_queue(priority_app, inngest_api, time_skipper):
    """A negative factor is not "last in line": the run is scheduled that many seconds later.
    An hour (-3600) so that nothing starts by itself during the test: the due times the
    server scheduled are read from its queue, then skipped (time_skipper)."""
    delay = datetime.timedelta(hours=1)
    job = unique("job-deprioritized")
    sent = time.time()
    events = send(priority_app, "/backfills", "jobs", [{"job_id": job, "urgency_s": -3600}], inngest_api)
    run = inngest_api.run_for_event(events[0])

    # Nothing else was queued, yet the start is an hour away (due at once without the factor).
    start = time_skipper.wait_for_timer(run.id)
    assert (start.kind, start.label) == ("start", "delayed start")
    assert_due(start, sent, time.time(), delay)
    assert job not in priority_app.services.started_at
    fired_at, fired_mono = time.time(), time.monotonic()
    assert [t.item_id for t in time_skipper.fire([start])] == [start.item_id]

    # The factor applies to the run's later steps too: the call that finishes the run
    # after its one step is scheduled an hour after that step.
    finish = time_skipper.wait_for_timer(run.id)
    assert finish.item_id != start.item_id and finish.label == "scheduled step"
    assert priority_app.services.started_at[job] >= fired_mono  # the step ran once the start was skipped
    assert_due(finish, fired_at, time.time(), delay)
    assert inngest_api.run(run.id).status == "RUNNING"
    time_skipper.fire([finish])
    done = inngest_api.wait_for_run(run.id, timeout_s=RUN_TIMEOUT_S)
    assert done.output == {"id": job, "backfill": "done"}
    assert priority_app.services.ledger[(job, "backfill")] == 1


@pytest.mark.wait_floor(4)  # 4 jobs x 1 s of work, one slot
def test_priority_is_clamped_to_12_hours(priority_app, inngest_api):
    """43200 s is the maximum: 1,000,000 counts as 43200. Queued in this order,
    40,000 then 43,200 then 1,000,000, the three start in a different order for
    each reading: clamped [43200, 1e6, 40000] (equal factors keep queue order),
    unclamped [1e6, 43200, 40000], ignored as 0 [43200, 40000, 1e6]."""
    blocker, below, at_max, beyond = (unique(p) for p in ("job-blocker", "job-below", "job-max", "job-beyond"))

    events = send(priority_app, "/backfills", "jobs", [{"job_id": blocker}], inngest_api)
    wait_started(priority_app, blocker)
    events += send(priority_app, "/backfills", "jobs", [{"job_id": below, "urgency_s": 40_000}], inngest_api)
    events += send(priority_app, "/backfills", "jobs", [{"job_id": at_max, "urgency_s": 43_200}], inngest_api)
    events += send(priority_app, "/backfills", "jobs", [{"job_id": beyond, "urgency_s": 1_000_000}], inngest_api)

    order = start_order(priority_app, inngest_api, events, [blocker, below, at_max, beyond])
    assert order == [blocker, at_max, beyond, below], order


def test_the_server_registered_the_documented_priorities(priority_app, inngest_api):
    """Pins the values: within a test's few seconds a 600 s and a 60 s boost order runs alike."""
    triage = inngest_api.function_config("priority-support-queue-triage-ticket")
    backfill = inngest_api.function_config("priority-support-queue-backfill-table")
    assert triage["priority"] == {"run": "event.data.plan == 'enterprise' ? 600 : 0"}
    assert backfill["priority"] == {"run": "int(event.data.urgency_s)"}
    assert [c["limit"] for c in triage["concurrency"]] == [1]
    assert [c["limit"] for c in backfill["concurrency"]] == [1]
