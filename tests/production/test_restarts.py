"""What a self-hosted Inngest survives: runs in every waiting state, hit by one fault.

For each fault (one module-scoped stack each) the fixture starts five runs and
lets each reach the state the fault should hit:

    sleeping        step.sleep of HOLD_S
    wait-resumed    step.wait_for_event with a long timeout; the reply is sent AFTER the fault
    wait-timeout    step.wait_for_event that times out after HOLD_S
    retry-pending   a step that failed once and asked for its retry HOLD_S later (RetryAfterError)
    debounce        two events in a debounce window of HOLD_S: no run yet

then applies the fault while they wait, and records what became of each run
(status, output, and the app's ledger of step executions). Each test below reads
one scenario for every fault: the same test shows a run survives with a durable
Redis and is lost without one.

The stack runs the fast test configuration (--tick 50 --retry-interval 1); the
retry here is timed by RetryAfterError, which --retry-interval does not change.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import pytest

from inngest_kit.api import InngestAPI, Run, now_rfc3339, unique
from inngest_kit.production import event_stored
from inngest_kit.stack import Stack

from .probe import APP_ID, ledger_rows, serve_probe

pytestmark = [pytest.mark.production_stack, pytest.mark.integration, pytest.mark.slow]

HOLD_S = 10  # every run waits this long; the fault happens well inside it
LOST_AFTER_S = 12  # past HOLD_S: a run not finished by then was lost, not late


@dataclass(frozen=True)
class Fault:
    name: str
    stack: dict  # Stack(**stack)
    apply: Callable[[Stack], float]  # returns the seconds the component was down
    durable: bool  # what the docs claim: runs survive


def _redis_outage(stack: Stack) -> float:
    """Redis SIGKILLed and down for 2 s; inngest start exits meanwhile (see
    test_inngest_start_exits_when_redis_goes_away) and is restarted as a supervisor would."""
    down_s = stack.restart_redis(kill=True, down_s=2)
    assert stack.restart_exited_servers() == [0]
    return down_s


FAULTS = [
    Fault("server-restart", {}, lambda s: s.restart_server(0), durable=True),
    Fault("server-sigkill", {}, lambda s: s.restart_server(0, kill=True), durable=True),
    Fault("redis-sigkill-appendonly", {}, _redis_outage, durable=True),
    Fault("redis-sigkill-no-persistence", {"persistence": "none"}, _redis_outage, durable=False),
    Fault("in-memory-default-server-restart", {"external": False}, lambda s: s.restart_server(0), durable=False),
]


@dataclass
class Scenario:
    key: str
    event_id: str
    run: Run | None = None  # final state
    runs: list[Run] = field(default_factory=list)  # debounce: every run of the key


@dataclass
class AfterFault:
    fault: Fault
    sent_at: float
    fault_at: float
    down_s: float
    redis_keys_before: int | None
    redis_keys_after: int | None
    pids_before: tuple[int, int | None]  # (inngest start, redis-server)
    pids_after: tuple[int, int | None]
    scenarios: dict[str, Scenario]
    ledger: object

    def rows(self, name: str, step: str | None = None) -> list[tuple]:
        return ledger_rows(self.ledger, self.scenarios[name].key, step)


def _wait_until(check: Callable[[], bool], timeout_s: float, what: str | Callable[[], str]) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what() if callable(what) else what}")
        time.sleep(0.1)


def _final(api: InngestAPI, run_id: str, until: float) -> Run | None:
    """The run once it ended, or as it stands at `until`."""
    while True:
        run = api.run(run_id)
        if (run is not None and run.status in ("COMPLETED", "FAILED", "CANCELLED")) or time.monotonic() > until:
            return run
        time.sleep(0.2)


# One stack per fault, set up once when the module's tests stay on one worker (--dist loadscope).
@pytest.fixture(scope="module", params=FAULTS, ids=lambda f: f.name)
def after_fault(request, start_stack, tmp_path_factory) -> AfterFault:
    fault: Fault = request.param
    stack = start_stack(**fault.stack)
    request.addfinalizer(lambda: start_stack.stop(stack))  # not idle beside the next fault's stack
    ledger = tmp_path_factory.mktemp("ledger") / "ledger.sqlite3"
    app = serve_probe(stack, ledger, STACK_DEBOUNCE_S=str(HOLD_S))
    api = stack.api()
    request.addfinalizer(app.kill)
    request.addfinalizer(api.close)
    since = now_rfc3339()

    keys = {name: unique(name) for name in ("sleeping", "wait-resumed", "wait-timeout", "retry-pending", "debounce")}
    sent_at = time.monotonic()
    ids = {
        "sleeping": api.send("stack/sleep", {"key": keys["sleeping"], "seconds": HOLD_S}),
        "wait-resumed": api.send("stack/wait", {"key": keys["wait-resumed"], "timeout_s": 300}),
        "wait-timeout": api.send("stack/wait", {"key": keys["wait-timeout"], "timeout_s": HOLD_S}),
        "retry-pending": api.send("stack/retry", {"key": keys["retry-pending"], "retry_after_s": HOLD_S}),
        "debounce": api.send("stack/debounce", {"key": keys["debounce"], "n": 1}),
    }
    debounce_ids = [ids["debounce"], api.send("stack/debounce", {"key": keys["debounce"], "n": 2})]
    scenarios = {name: Scenario(keys[name], ids[name]) for name in keys}

    # Every run in its waiting state before the fault.
    runs = {name: api.run_for_event(ids[name]).id for name in keys if name != "debounce"}
    api.wait_for_step(runs["sleeping"], "hold", "RUNNING")
    api.wait_for_step(runs["wait-resumed"], "reply", "WAITING")
    api.wait_for_step(runs["wait-timeout"], "reply", "WAITING")
    _wait_until(lambda: ledger_rows(ledger, keys["retry-pending"], "flaky"), 20, "the first attempt of flaky")
    _wait_until(lambda: all(event_stored(api, e) for e in debounce_ids), 20,
                lambda: f"both debounce events stored; stored: {[event_stored(api, e) for e in debounce_ids]}")
    time.sleep(1.0)  # the runner schedules the retry and the debounce right after it stores the event

    keys_before = stack.redis.key_count() if stack.redis else None
    pids_before = _pids(stack)
    fault_at = time.monotonic()
    down_s = fault.apply(stack)
    pids_after = _pids(stack)
    keys_after = stack.redis.key_count() if stack.redis else None

    # The reply goes to the restarted stack: found only if the wait survived.
    api.send("stack/reply", {"key": keys["wait-resumed"], "answer": "yes"})

    until = sent_at + HOLD_S + LOST_AFTER_S
    for name, run_id in runs.items():
        scenarios[name].run = _final(api, run_id, until)
    debounced = f"{APP_ID}-debounced"
    while not api.runs_of_function(debounced, since=since) and time.monotonic() < until:
        time.sleep(0.2)
    scenarios["debounce"].runs = [_final(api, r.id, until) for r in api.runs_of_function(debounced, since=since)]
    return AfterFault(fault, sent_at, fault_at, down_s, keys_before, keys_after, pids_before, pids_after, scenarios,
                      ledger)


def _pids(stack: Stack) -> tuple[int, int | None]:
    return stack.servers[0].proc.pid, stack.redis.proc.pid if stack.redis else None


def _lost(run: Run | None) -> bool:
    """Lost: the run record says it is still running long after it should have finished."""
    return run is not None and run.status == "RUNNING"


def test_the_fault_hit_runs_that_were_still_waiting(after_fault):
    # Otherwise the other tests would prove nothing: the fault must land inside the wait,
    # and really replace the processes it names.
    assert after_fault.fault_at + after_fault.down_s < after_fault.sent_at + HOLD_S - 2
    (server_before, redis_before), (server_after, redis_after) = after_fault.pids_before, after_fault.pids_after
    assert server_after != server_before  # restarted, or (Redis faults) exited and restarted
    if after_fault.fault.name.startswith("redis"):
        assert redis_after != redis_before
    if after_fault.redis_keys_before is not None:
        assert after_fault.redis_keys_before > 0
    if after_fault.fault.name == "redis-sigkill-no-persistence":
        # Redis came back empty (the server writes a few keys again as it carries on).
        assert after_fault.redis_keys_after < after_fault.redis_keys_before


def test_a_sleeping_run(after_fault):
    run = after_fault.scenarios["sleeping"].run
    if after_fault.fault.durable:
        assert run.status == "COMPLETED", run
        assert run.output["slept_s"] >= HOLD_S
        assert [r[1] for r in after_fault.rows("sleeping")] == ["before", "after"]  # nothing ran twice
    else:
        assert _lost(run), run
        assert [r[1] for r in after_fault.rows("sleeping")] == ["before"]  # the step after the sleep never ran


def test_a_run_waiting_for_an_event_resumed_by_an_event_sent_after_the_fault(after_fault):
    run = after_fault.scenarios["wait-resumed"].run
    if after_fault.fault.durable:
        assert run.status == "COMPLETED", run
        assert run.output["reply"] == {"key": after_fault.scenarios["wait-resumed"].key, "answer": "yes"}
        assert len(after_fault.rows("wait-resumed")) == 1
    else:
        assert _lost(run), run


def test_a_run_waiting_for_an_event_times_out(after_fault):
    run = after_fault.scenarios["wait-timeout"].run
    if after_fault.fault.durable:
        assert run.status == "COMPLETED", run
        assert run.output["reply"] is None
        assert run.output["waited_s"] >= HOLD_S - 0.5
    else:
        assert _lost(run), run


def test_a_step_waiting_for_its_retry(after_fault):
    run = after_fault.scenarios["retry-pending"].run
    attempts = after_fault.rows("retry-pending", "flaky")
    if after_fault.fault.durable:
        assert run.status == "COMPLETED", run
        assert run.output == {"attempt": 1}
        assert [r[2] for r in attempts] == [0, 1]  # one retry, not a restart from scratch
        assert attempts[1][3] - attempts[0][3] >= HOLD_S - 0.5  # when RetryAfterError asked for it
    else:
        assert _lost(run), run
        assert [r[2] for r in attempts] == [0]  # the retry never came


def test_a_pending_debounce(after_fault):
    debounce = after_fault.scenarios["debounce"]
    handled = after_fault.rows("debounce", "handle")
    if after_fault.fault.durable:
        assert [r.status for r in debounce.runs] == ["COMPLETED"], debounce.runs
        assert debounce.runs[0].output == {"n": 2}  # the last event of the window
        assert len(handled) == 1
    else:
        assert debounce.runs == [] and handled == [], debounce.runs


def test_inngest_start_exits_when_redis_goes_away(start_stack):
    """No retry loop: the first queue scan that finds Redis unreachable ends the process
    (status 1), so `inngest start` needs a supervisor that restarts it."""
    stack = start_stack()
    server = stack.servers[0]
    stack.redis.kill()
    _wait_until(lambda: server.proc.poll() is not None, 10, "inngest start to notice Redis is gone")
    assert server.proc.returncode == 1
    assert "service executor errored" in server.log_path.read_text(errors="replace")
    # What a failing test's report appends (conftest.py): every process's log, the exit reason included.
    tails = stack.log_tails(200)
    assert "--- inngest start #0" in tails and "service executor errored" in tails and "--- redis-server" in tails

    stack.redis.start()
    assert stack.restart_exited_servers() == [0]
    api = stack.api()
    try:
        assert api.functions() == []  # it serves again
    finally:
        api.close()


def _restart_under_fire(stack: Stack, api: InngestAPI) -> tuple[list[tuple[float, bool]], float]:
    """Restart instance 0 while a thread asks /health and then sends an event, as fast as it
    can: ([(when, /health had answered 200 just before) for each acknowledged event that was
    lost], when start() returned)."""
    server = stack.servers[0]
    acked: list[tuple[str, float, bool]] = []  # (event id, acknowledged at, healthy before sending)
    stop = threading.Event()

    def send_events() -> None:
        with httpx.Client(timeout=2) as http:
            while not stop.is_set():
                try:
                    healthy = http.get(f"{server.url}/health").status_code == 200
                    resp = http.post(f"{server.url}/e/{stack.event_key}", json={"name": "stack/ping"})
                    if resp.status_code == 200:
                        acked.append((resp.json()["ids"][0], time.monotonic(), healthy))
                except httpx.HTTPError:
                    time.sleep(0.001)  # not listening yet

    server.stop()
    sender = threading.Thread(target=send_events, daemon=True)
    sender.start()
    try:
        server.start()  # returns once a probe event was stored
        ready_at = time.monotonic()
        time.sleep(0.5)
    finally:
        stop.set()
        sender.join(10)
    assert len(acked) > 20
    time.sleep(2)  # the runner stores what it received
    return [(at, healthy) for e, at, healthy in acked if not event_stored(api, e)], ready_at


@pytest.mark.wait_floor(7.5)  # three restart rounds: 0.5 s of events after start, 2 s for the runner to store them
def test_no_event_acknowledged_after_the_stack_is_ready_is_lost(start_stack):
    """/health answers, and the event API acknowledges events, some milliseconds before
    the runner subscribes to the in-process event stream: events in that window get
    their ids back and are dropped ("message sent to topic with no subscribers").
    That loss is a race (seen in measurements, not on every restart), so this test
    does not demand it. What it decides is the guarantee the kit gives instead:
    inngest_kit.production waits until a probe event is stored, and no event acknowledged
    after Stack.start/restart_server returns is lost, restart after restart."""
    stack = start_stack()
    api = stack.api()
    try:
        for _ in range(3):
            lost, ready_at = _restart_under_fire(stack, api)
            assert [at for at, _ in lost if at >= ready_at] == []
            seen = sum(1 for _, healthy in lost if healthy)
            print(f"events acknowledged after /health answered but before readiness, lost: {seen}")
    finally:
        api.close()
