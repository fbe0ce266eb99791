"""Two `inngest start` instances on one Redis and one PostgreSQL, one SIGKILLed mid-burst.

Events for a function limited to LIMIT concurrent steps go out in batches of 20,
alternately to each instance, as a round-robin load balancer sends them; from
event KILL_AT on, only to instance 0. Instance 1 is SIGKILLed while the burst is
being processed. The app's ledger records every execution of the step (run id,
attempt, start, end), so what ran, how often and how many at once is measured
outside the server; the run history is read from the survivor.

Two ways to take instance 1 out:
  drained   the balancer stops sending to it, and it is killed once the server has
            stored every event it acknowledged (its runs are still in flight)
  abrupt    killed right after the balancer's last batch to it
The event API acknowledges an event when it is handed to the instance's
in-process event stream, before any durable write: what the killed instance
acknowledged but its runner had not yet taken is gone.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

import httpx
import pytest

from inngest_kit.api import InngestAPI, Run, now_rfc3339
from inngest_kit.production import event_stored
from inngest_kit.stack import Stack

from .probe import APP_ID, ledger_rows, serve_probe

pytestmark = [pytest.mark.production_stack, pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(900)]

BATCH = 20
LIMIT = 5
WORK_S = 0.05


def max_overlap(intervals: list[tuple[float, float]]) -> int:
    """The most intervals open at one instant (an end before a start at the same instant)."""
    edges = sorted([(start, 1) for start, _ in intervals] + [(end, -1) for _, end in intervals])
    level = peak = 0
    for _, step in edges:
        level += step
        peak = max(peak, level)
    return peak


def test_max_overlap_counts_what_is_open_at_once():
    assert max_overlap([(0, 1), (1, 2), (2, 3)]) == 1
    assert max_overlap([(0, 3), (1, 2), (1.5, 4), (3.5, 5)]) == 3


@dataclass
class Burst:
    events: int
    acked: dict[int, tuple[int, str]]  # seq -> (instance, event id)
    killed_at_s: float
    processed_s: float
    rows: list[tuple]  # the ledger's "work" executions
    runs: list[Run]  # the survivor's history of the function
    stored: dict[int, bool]  # seq -> the server stored the event (only for instance 1's)
    exited: list[int]

    def seqs(self, instance: int) -> set[int]:
        return {seq for seq, (i, _) in self.acked.items() if i == instance}

    def runs_per_event(self) -> Counter:
        return Counter(int(key) for key, _ in {(r[0], r[5]) for r in self.rows})

    def summary(self) -> str:
        ran = self.runs_per_event()
        return (f"{self.events} events ({len(self.seqs(1))} to instance 1, killed after {self.killed_at_s} s): "
                f"lost {self.events - len(ran)}, duplicated runs {sum(1 for n in ran.values() if n > 1)}, "
                f"step executions {len(self.rows)}, max concurrency {max_overlap([(r[3], r[4]) for r in self.rows])}"
                f"/{LIMIT}, history on the survivor {len(self.runs)} runs, processed in {self.processed_s} s")


def run_burst(stack: Stack, ledger, *, events: int, kill_at: int, drained: bool) -> Burst:
    app = serve_probe(stack, ledger, STACK_BURST_LIMIT=str(LIMIT), STACK_BURST_WORK_S=str(WORK_S))
    survivor = stack.api(0)
    since = now_rfc3339()
    acked: dict[int, tuple[int, str]] = {}
    began = time.monotonic()
    killed_at = None
    try:
        with httpx.Client(timeout=10) as http:
            for first in range(0, events, BATCH):
                if first == kill_at:
                    if drained:
                        _wait_stored(survivor, [e for i, e in acked.values() if i == 1])
                    stack.kill_server(1)
                    killed_at = round(time.monotonic() - began, 2)
                target = (first // BATCH) % 2 if first < kill_at else 0
                batch = [{"name": "stack/burst", "data": {"seq": seq}} for seq in range(first, first + BATCH)]
                resp = http.post(f"{stack.servers[target].url}/e/{stack.event_key}", json=batch)
                assert resp.status_code == 200, resp.text
                for seq, event_id in zip(range(first, first + BATCH), resp.json()["ids"], strict=True):
                    acked[seq] = (target, event_id)

        deadline = time.monotonic() + 600
        expected = {seq for seq, (_, e) in acked.items() if seq not in _sent_to(acked, 1) or event_stored(survivor, e)}
        while {int(r[0]) for r in ledger_rows(ledger, step="work")} < expected and time.monotonic() < deadline:
            time.sleep(0.5)
        processed_s = round(time.monotonic() - began, 1)
        time.sleep(5)  # a late duplicate would show up now
        slug = f"{APP_ID}-burst"
        runs = survivor.runs_of_function(slug, since=since)
        while time.monotonic() < deadline and (len(runs) < len(expected) or {r.status for r in runs} != {"COMPLETED"}):
            time.sleep(1)
            runs = survivor.runs_of_function(slug, since=since)
        stored = {seq: event_stored(survivor, acked[seq][1]) for seq in _sent_to(acked, 1)}
        burst = Burst(events, acked, killed_at, processed_s, ledger_rows(ledger, step="work"), runs, stored,
                      stack.exited_servers())
    finally:
        app.kill()
        survivor.close()
    print(f"\n{'drained' if drained else 'abrupt'}: {burst.summary()}")
    return burst


def _sent_to(acked: dict[int, tuple[int, str]], instance: int) -> set[int]:
    return {seq for seq, (i, _) in acked.items() if i == instance}


def _wait_stored(api: InngestAPI, event_ids: list[str], timeout_s: float = 120) -> None:
    """Until the server has stored every one of these events (its runner took them)."""
    pending, deadline = list(event_ids), time.monotonic() + timeout_s
    while pending:
        pending = [e for e in pending if not event_stored(api, e)]
        if pending and time.monotonic() > deadline:
            raise AssertionError(f"{len(pending)} acknowledged events never stored")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def drained(start_stack, tmp_path_factory) -> Burst:
    return run_burst(start_stack(instances=2), tmp_path_factory.mktemp("drained") / "ledger.sqlite3",
                     events=1000, kill_at=400, drained=True)


@pytest.fixture(scope="module")
def abrupt(start_stack, tmp_path_factory) -> Burst:
    return run_burst(start_stack(instances=2), tmp_path_factory.mktemp("abrupt") / "ledger.sqlite3",
                     events=200, kill_at=80, drained=False)  # the kill follows its last batch at once


def test_drained_kill_mid_burst_every_event_runs_exactly_once(drained):
    assert drained.exited == [1] and len(drained.seqs(1)) == 200  # both instances took events; one died
    assert drained.runs_per_event() == Counter(range(drained.events))  # none lost, none ran twice
    # A step in flight on the killed instance runs again on the survivor (at-least-once
    # per step): at most the LIMIT steps that can be in flight at once.
    assert len(drained.rows) - drained.events <= LIMIT


def test_drained_kill_mid_burst_concurrency_never_above_the_limit(drained):
    assert max_overlap([(r[3], r[4]) for r in drained.rows]) <= LIMIT


def test_drained_kill_mid_burst_the_survivor_shows_the_whole_history(drained):
    assert Counter(r.status for r in drained.runs) == {"COMPLETED": drained.events}


def test_abrupt_kill_loses_acknowledged_events_its_runner_had_not_taken(abrupt):
    ran = abrupt.runs_per_event()
    lost = set(range(abrupt.events)) - set(ran)
    assert lost, "the killed instance had taken every event already: the kill came too late to show the loss"
    assert lost <= abrupt.seqs(1)  # only what the killed instance acknowledged
    assert lost == {seq for seq, stored in abrupt.stored.items() if not stored}  # exactly what it never stored
    assert all(n == 1 for n in ran.values())  # the rest ran exactly once
    assert max_overlap([(r[3], r[4]) for r in abrupt.rows]) <= LIMIT
    assert Counter(r.status for r in abrupt.runs) == {"COMPLETED": len(ran)}
