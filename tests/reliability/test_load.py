"""examples/ingest_burst under load: 1,000 events at once into a function with
concurrency limit 10. Every run completes, exactly once, never more than 10 at a time.

LOAD_EVENTS overrides the burst size (for developing the test with ~100)."""

import os
import sqlite3
import time

import pytest

from inngest_kit.api import now_rfc3339, unique

pytestmark = [pytest.mark.integration, pytest.mark.reliability, pytest.mark.slow]

EVENTS = int(os.environ.get("LOAD_EVENTS", "1000"))
SLUG = "reading-ingest-ingest-reading"
LIMIT = 10


@pytest.fixture(scope="module")
def ingest_app(serve_example, tmp_path_factory):
    from examples.ingest_burst.config import settings

    settings.ledger_path = str(tmp_path_factory.mktemp("ingest") / "readings.sqlite3")
    app = serve_example("ingest_burst")
    assert app.module.settings.slots == LIMIT
    return app


def stored(path: str, sensor: str) -> list[tuple[str, float, float]]:
    conn = sqlite3.connect(path, timeout=30)
    try:
        return conn.execute("SELECT reading_id, started, ended FROM readings WHERE sensor = ?", (sensor,)).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


def max_overlap(intervals: list[tuple[float, float]]) -> int:
    """The most intervals open at one instant (an end at t closes before a start at t)."""
    points = sorted([(s, 1) for s, _ in intervals] + [(e, -1) for _, e in intervals], key=lambda p: (p[0], p[1]))
    best = now = 0
    for _, delta in points:
        now += delta
        best = max(best, now)
    return best


@pytest.mark.wait_floor(2)  # 1,000 runs x 20 ms of work / 10 slots
@pytest.mark.timeout(300)
def test_a_burst_drains_completely_exactly_once_within_the_limit(ingest_app, inngest_api):
    sensor = unique("sensor")
    reading_ids = [f"{sensor}-r{i:04d}" for i in range(EVENTS)]
    since = now_rfc3339()
    path = ingest_app.module.settings.ledger_path

    began = time.monotonic()
    began_wall = time.time()
    resp = ingest_app.http.post("/readings", json={"sensor": sensor, "reading_ids": reading_ids}, timeout=120)
    assert resp.status_code == 202, resp.text
    assert resp.json() == {"accepted": EVENTS}
    accepted_in = time.monotonic() - began

    # Poll the ledger file (cheap) until every reading has a row, then ask the server.
    deadline = time.monotonic() + 240
    rows = []
    while len(rows) < EVENTS and time.monotonic() < deadline:
        time.sleep(0.5)
        rows = stored(path, sensor)
    assert len(rows) >= EVENTS, f"{len(rows)} of {EVENTS} readings stored after {time.monotonic() - began:.0f} s"

    runs = {}
    listed = 0
    while time.monotonic() < deadline:
        listing = inngest_api.runs_of_function(SLUG, since=since)
        listed = len(listing)
        runs = {r.id: r for r in listing}  # (the paged listing can repeat a run across pages)
        if len(runs) >= EVENTS and all(r.status == "COMPLETED" for r in runs.values()):
            break
        time.sleep(1)
    completed_in = time.monotonic() - began  # server says so (polled every 1 s, so an upper bound)
    statuses = {}
    for r in runs.values():
        statuses[r.status] = statuses.get(r.status, 0) + 1
    assert statuses == {"COMPLETED": EVENTS}, statuses  # one run per event, every one completed

    # Exactly once: one row per reading id, no id missing, none twice.
    counts = {}
    for reading_id, _, _ in rows:
        counts[reading_id] = counts.get(reading_id, 0) + 1
    assert set(counts) == set(reading_ids)
    assert max(counts.values()) == 1, {k: v for k, v in counts.items() if v > 1}

    peak = max_overlap([(s, e) for _, s, e in rows])
    assert peak <= LIMIT
    last_end = max(e for _, _, e in rows)
    first_start = min(s for _, s, _ in rows)
    wall = last_end - began_wall
    throughput = EVENTS / wall
    print(
        f"\nload: {EVENTS} events accepted in {accepted_in:.1f} s; all stored {wall:.1f} s after the burst began "
        f"(first store {first_start - began_wall:.1f} s in, drain {last_end - first_start:.1f} s); "
        f"throughput {throughput:.1f} runs/s; server: all COMPLETED within {completed_in:.1f} s; "
        f"peak concurrency {peak} (limit {LIMIT}); runs {statuses} ({listed} rows listed)"
    )
