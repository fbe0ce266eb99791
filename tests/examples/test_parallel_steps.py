"""examples/parallel_steps: ctx.group.parallel against a sequential loop of the same steps, timed."""

import datetime
import time

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration

CARRIERS = ["ups", "fedex", "dhl", "usps"]


@pytest.fixture(scope="module")
def parallel_app(serve_example):
    return serve_example("parallel_steps")


def server_duration(run) -> float:
    """Seconds between the run's start and end as the server recorded them."""
    start = datetime.datetime.fromisoformat(run.started_at)
    end = datetime.datetime.fromisoformat(run.ended_at)
    return (end - start).total_seconds()


def quote(app, api, mode: str) -> tuple[str, object, float]:
    shipment_id = unique("shp")
    sent = time.monotonic()
    resp = app.http.post(f"/shipments/{shipment_id}/quotes", json={"weight_kg": 2.0, "mode": mode})
    assert resp.status_code == 202, resp.text
    run = api.complete(resp.json()["event_ids"][0])
    return shipment_id, run, time.monotonic() - sent


def rate_calls(app, shipment_id: str) -> list[dict]:
    return [c for c in app.services.calls if c["shipment_id"] == shipment_id]


@pytest.mark.wait_floor(5)  # 4 x 1 s quotes in sequence + 1 s for the 4 in parallel
def test_parallel_quotes_finish_well_before_the_same_steps_in_sequence(parallel_app, inngest_api):
    latency = parallel_app.module.settings.carrier_latency.total_seconds()
    assert latency == 1.0  # each quote takes 1 s inside its step

    seq_id, seq_run, seq_wall = quote(parallel_app, inngest_api, "sequential")
    par_id, par_run, par_wall = quote(parallel_app, inngest_api, "parallel")
    seq_server, par_server = server_duration(seq_run), server_duration(par_run)
    print(f"\nsequential: {seq_wall:.2f} s wall, {seq_server:.2f} s server; "
          f"parallel: {par_wall:.2f} s wall, {par_server:.2f} s server")

    # Sequential cannot beat 4 x 1 s.
    assert seq_server >= len(CARRIERS) * latency
    # Parallel: one latency plus overhead. The margin (1.5 s of the 3 s that
    # parallelism saves) leaves room for a loaded machine.
    assert par_server <= seq_server - 1.5
    assert par_wall <= seq_wall - 1.5

    # The four rate calls of the parallel run were all in flight at once...
    calls = rate_calls(parallel_app, par_id)
    assert len(calls) == 4
    assert max(c["start"] for c in calls) < min(c["end"] for c in calls)
    # ...and those of the sequential run never overlapped.
    seq_calls = sorted(rate_calls(parallel_app, seq_id), key=lambda c: c["start"])
    assert all(a["end"] <= b["start"] for a, b in zip(seq_calls, seq_calls[1:], strict=False))


@pytest.mark.wait_floor(1)  # 4 x 1 s quotes in parallel
def test_parallel_results_come_back_in_the_order_given(parallel_app, inngest_api):
    shipment_id, run, _ = quote(parallel_app, inngest_api, "parallel")

    assert [q["carrier"] for q in run.output["quotes"]] == CARRIERS
    assert run.output["carrier"] == "usps" and run.output["price"] == 12.8
    assert sorted(inngest_api.step_names(run.id)[:4]) == sorted(f"quote-{c}" for c in CARRIERS)
    assert inngest_api.step_names(run.id)[4:] == ["book-cheapest"]
    ledger = parallel_app.services.ledger
    assert [ledger[(shipment_id, f"quote {c}")] for c in CARRIERS] == [1, 1, 1, 1]
    assert ledger[(shipment_id, "book")] == 1


@pytest.mark.wait_floor(4)  # 4 x 1 s blocking quotes, serialized
def test_a_blocking_call_inside_parallel_steps_serializes_them(parallel_app, inngest_api, monkeypatch):
    """The parallel steps are separate requests to the same app process. An
    awaited call lets them overlap; a blocking one (time.sleep, a sync HTTP
    client) holds the event loop, and the "parallel" run takes as long as the
    sequential one."""
    services = parallel_app.services
    latency = parallel_app.module.settings.carrier_latency.total_seconds()

    async def blocking_quote_rate(shipment_id: str, carrier: str, weight_kg: float) -> dict:
        started = time.monotonic()
        time.sleep(latency)  # blocks the whole event loop on purpose  # noqa: ASYNC251
        services.calls.append({"shipment_id": shipment_id, "carrier": carrier, "start": started, "end": time.monotonic()})
        return {"carrier": carrier, "price": round(services.BASE_PRICE[carrier] + 1.5 * weight_kg, 2)}

    monkeypatch.setattr(services, "quote_rate", blocking_quote_rate)
    shipment_id, run, _ = quote(parallel_app, inngest_api, "parallel")

    assert server_duration(run) >= len(CARRIERS) * latency
    calls = sorted(rate_calls(parallel_app, shipment_id), key=lambda c: c["start"])
    assert len(calls) == 4
    assert all(a["end"] <= b["start"] for a, b in zip(calls, calls[1:], strict=False))
