"""examples/durable_ledger under crashes: the app SIGKILLed mid-step, the app down
for seconds, the server restarted. The side effects are in a SQLite file the
killed process wrote to, so the ledger tells what really happened."""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

import pytest

from checks.catalog import REPO
from inngest_kit import server as server_tools
from inngest_kit.api import InngestAPI, unique
from inngest_kit.apps import ServedProcess
from inngest_kit.timeskip import TimeSkipper

pytestmark = [pytest.mark.integration, pytest.mark.reliability]

TARGET = "examples.durable_ledger.main:app"
SLUG = "durable-ledger-fulfil-order"
ORDER_PLACED = "ledger/order.placed"
LATENCY_S = 1.5  # each way, per outside call: wide enough to aim a SIGKILL into either half


def served(api: InngestAPI, ledger: Path, *, latency_s: float = LATENCY_S, cooling_off_s: int = 1) -> ServedProcess:
    return ServedProcess(
        TARGET,
        api,
        {SLUG},
        cwd=str(REPO),
        pythonpath=[str(REPO)],
        env={
            "DURABLE_LEDGER_PATH": str(ledger),
            "DURABLE_LEDGER_LATENCY_S": str(latency_s),
            "DURABLE_LEDGER_COOLING_OFF_S": str(cooling_off_s),
        },
    ).start()


def rows(ledger: Path, table: str, order_id: str) -> list[dict]:
    if not ledger.exists():
        return []
    conn = sqlite3.connect(ledger, timeout=30)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(f"SELECT * FROM {table} WHERE order_id = ? ORDER BY id", (order_id,))]
    except sqlite3.OperationalError:  # no such table yet
        return []
    finally:
        conn.close()


def count(ledger: Path, table: str, order_id: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in rows(ledger, table, order_id):
        out[r["action"]] = out.get(r["action"], 0) + 1
    return out


def wait_for_row(ledger: Path, table: str, order_id: str, action: str, timeout_s: float = 30.0) -> dict:
    """Poll the ledger file until `action` has a row in `table`."""
    deadline = time.monotonic() + timeout_s
    while True:
        found = [r for r in rows(ledger, table, order_id) if r["action"] == action]
        if found:
            return found[-1]
        assert time.monotonic() < deadline, f"no {table} row for {action} of {order_id} within {timeout_s} s"
        time.sleep(0.02)


def place_order(api: InngestAPI) -> tuple[str, str]:
    order_id = unique("ord")
    event_id = api.send(ORDER_PLACED, {"order_id": order_id, "sku": "SKU-1", "amount_cents": 4200, "email": "a@example.com"})
    return order_id, event_id


def step(api: InngestAPI, run_id: str, name: str):
    return next(s for s in api.steps(run_id) if s.name == name)


@pytest.fixture
def ledger(tmp_path) -> Path:
    return tmp_path / "ledger.sqlite3"


# The server retries an unreachable app every RETRY_INTERVAL_S here (the worker's shared
# server uses 1 s): 4 retries then span 12 s, room for a killed app's replacement to
# import FastAPI and the SDK on a busy 2-core machine. What these tests decide does not
# depend on the interval; the floors below count it.
RETRY_INTERVAL_S = 3


@pytest.fixture(scope="module")
def crash_api(inngest_binary):
    server = server_tools.DevServer(inngest_binary, retry_interval_s=RETRY_INTERVAL_S).start()
    api = InngestAPI(server.url)
    yield api
    api.close()
    server.stop()


@pytest.fixture
def app(crash_api, ledger):
    proc = served(crash_api, ledger)
    yield proc
    proc.kill()


@pytest.mark.wait_floor(13)  # reserve 3 s (1.5 s latency each way) + 3 s retry after the kill + charge 3 s + 1 s cooling-off + receipt 3 s
def test_sigkill_mid_step_reruns_only_that_step(app, crash_api, ledger):
    """SIGKILL while charge-card waits on the provider (before it charged): after a
    restart the run completes; reserve-stock, already recorded, is not run again."""
    order_id, event_id = place_order(crash_api)
    run = crash_api.run_for_event(event_id)
    wait_for_row(ledger, "calls", order_id, "charge-card")
    app.kill()  # SIGKILL: no cleanup, no answer to the server's open request
    killed_pid = app.proc.pid
    assert count(ledger, "effects", order_id) == {"reserve-stock": 1}  # killed before the charge
    app.start(sync=False)  # the same URL; the server still knows the app

    done = crash_api.wait_for_run(run.id, timeout_s=60)
    assert done.output["charge_id"] == f"ch-{order_id}"
    assert count(ledger, "effects", order_id) == {"reserve-stock": 1, "charge-card": 1, "send-receipt": 1}
    calls = count(ledger, "calls", order_id)
    assert calls == {"reserve-stock": 1, "charge-card": 2, "send-receipt": 1}
    charge_calls = [r for r in rows(ledger, "calls", order_id) if r["action"] == "charge-card"]
    assert charge_calls[0]["pid"] == killed_pid and charge_calls[1]["pid"] == app.proc.pid
    # The re-run is a later attempt of the same step. Attempts that came while the
    # replacement was still starting failed without reaching it, so the attempt number
    # depends on its start-up time; every attempt in between must have failed.
    first, rerun = (r["attempt"] for r in charge_calls)
    assert first == 0 and rerun >= 1
    charge = step(crash_api, run.id, "charge-card")
    assert [c.status for c in charge.children] == ["FAILED"] * rerun + ["COMPLETED"]
    assert step(crash_api, run.id, "reserve-stock").attempts == 0


@pytest.mark.wait_floor(13)  # 3 s retry after the outage + reserve 3 s + charge 3 s + 1 s cooling-off + receipt 3 s
def test_app_down_for_seconds_the_server_retries_until_it_is_back(app, crash_api, ledger):
    """The app is unreachable (killed) when the event comes, and back about 1-3 s later:
    the server's calls fail with a connection error and are retried (every
    RETRY_INTERVAL_S on this module's server) until one gets through."""
    app.kill()
    order_id, event_id = place_order(crash_api)
    run = crash_api.run_for_event(event_id)
    down_since = time.monotonic()
    time.sleep(1)  # fixed on purpose: the outage (plus the app's start-up time)
    app.start(sync=False)
    back_after = time.monotonic() - down_since

    done = crash_api.wait_for_run(run.id, timeout_s=60)
    assert done.output["order_id"] == order_id
    assert count(ledger, "effects", order_id) == {"reserve-stock": 1, "charge-card": 1, "send-receipt": 1}
    # The trace can show an attempt RUNNING for a moment after the run ended (seen in CI):
    # read it once no attempt of the step is still open, up to 10 s.
    deadline = time.monotonic() + 10
    first = step(crash_api, run.id, "reserve-stock")
    while any(c.status == "RUNNING" for c in first.children) and time.monotonic() < deadline:
        time.sleep(0.1)
        first = step(crash_api, run.id, "reserve-stock")
    failed = [c for c in first.children if c.status == "FAILED"]
    print(f"\napp back after {back_after:.1f} s; reserve-stock attempts: {[c.status for c in first.children]}")
    # retries=4 gives 5 attempts, RETRY_INTERVAL_S apart here: the outage costs at least one.
    assert 1 <= len(failed) <= 4, [c.status for c in first.children]
    error = crash_api.step_output(failed[0]).error
    assert "Unable to reach SDK URL" in error["stack"]
    assert first.children[-1].status == "COMPLETED"
    # The app's own call log: the step body ran once, on the attempt that reached it.
    assert [r["attempt"] for r in rows(ledger, "calls", order_id) if r["action"] == "reserve-stock"] == [len(failed)]


@pytest.mark.wait_floor(14.5)  # reserve 3 s + 1.5 s into charge + 3 s retry + charge 3 s + 1 s cooling-off + receipt 3 s
def test_crash_after_the_charge_the_idempotency_key_prevents_a_second_charge(app, crash_api, ledger):
    """SIGKILL after the provider charged but before the step returned: the server
    never got the result, so the step runs again. The provider sees the same key
    and charges nothing new."""
    order_id, event_id = place_order(crash_api)
    run = crash_api.run_for_event(event_id)
    wait_for_row(ledger, "effects", order_id, "charge-card")  # charged; the answer is on its way back
    app.kill()
    app.start(sync=False)

    done = crash_api.wait_for_run(run.id, timeout_s=60)
    assert count(ledger, "calls", order_id)["charge-card"] == 2  # the step body really ran twice...
    assert count(ledger, "effects", order_id)["charge-card"] == 1  # ...and charged once
    assert done.output["replayed"] is True  # the recorded result is the provider's replayed answer


@pytest.mark.wait_floor(14.5)  # reserve 3 s + charge 3 s + 1 s cooling-off + 1.5 s into receipt + 3 s retry + receipt 3 s
def test_crash_after_an_unkeyed_side_effect_repeats_it(app, crash_api, ledger):
    """The same crash after send-receipt, which has no idempotency key: the receipt goes out twice."""
    order_id, event_id = place_order(crash_api)
    run = crash_api.run_for_event(event_id)
    wait_for_row(ledger, "effects", order_id, "send-receipt", timeout_s=40)
    app.kill()
    app.start(sync=False)

    crash_api.wait_for_run(run.id, timeout_s=60)
    assert count(ledger, "effects", order_id) == {"reserve-stock": 1, "charge-card": 1, "send-receipt": 2}
    assert count(ledger, "calls", order_id) == {"reserve-stock": 1, "charge-card": 1, "send-receipt": 2}


@pytest.mark.wait_floor(1)  # the new order's 1 s cooling-off
def test_dev_server_restart_with_persist_loses_a_sleeping_run(ledger, tmp_path, inngest_binary):
    """`inngest dev --persist` restarted (same workdir, same ports) while a run sleeps.

    What v1.44.0 really does: apps, functions and run history are in SQLite and
    survive; the queue and run state live in an in-process Redis that is never
    snapshotted (NewService(..., nil) in pkg/devserver/devserver.go leaves
    PersistenceInterval unset, and SIGTERM exits at once, cmd/devserver/devserver.go:24-35).
    So the sleeping run never wakes: before the restart its sleep is in the server's
    queue; after it, the run has no queue item at all (nothing can resume it), it stays
    RUNNING and the step after the sleep never runs. New events run normally after the
    restart."""
    server = server_tools.DevServer(inngest_binary, persist=True, workdir=tmp_path / "server")
    (tmp_path / "server").mkdir()
    server.start()
    api = InngestAPI(server.url)
    # An hour's sleep: it cannot end by itself during the test, and a timer that far out is
    # never held by a queue worker, so the queue shows it.
    proc = served(api, ledger, latency_s=0, cooling_off_s=3600)
    try:
        order_id, event_id = place_order(api)
        run = api.run_for_event(event_id)
        with TimeSkipper.for_dev_server(server.port, pid=server.proc.pid) as before:
            sleep = before.wait_for_timer(run.id, kind="sleep")
            assert [i["id"] for i in before.queued_items(run.id)] == [sleep.item_id]
        server.stop()
        assert (tmp_path / "server" / ".inngest" / "main.db").exists()
        server.start()
        assert SLUG in api.function_slugs()  # the app survived the restart

        with TimeSkipper.for_dev_server(server.port, pid=server.proc.pid) as after:
            assert after.queued_items(run.id) == []  # the sleep is gone: nothing will resume the run
        after_run = api.run(run.id)
        assert after_run is not None and after_run.status == "RUNNING"
        assert count(ledger, "effects", order_id) == {"reserve-stock": 1, "charge-card": 1}  # no receipt, ever
        names = api.step_names(run.id)
        assert "send-receipt" not in names

        # The server itself works: a new order placed after the restart completes.
        proc.env["DURABLE_LEDGER_COOLING_OFF_S"] = "1"
        proc.kill(signal.SIGTERM)
        proc.start()
        new_order, new_event = place_order(api)
        api.complete(new_event, timeout_s=30)
        assert count(ledger, "effects", new_order) == {"reserve-stock": 1, "charge-card": 1, "send-receipt": 1}
    finally:
        proc.kill()
        api.close()
        server.stop()
