"""examples/validated_events: bad event data, oversized events and malformed calls
to the serve endpoint, against the real server."""

import datetime
import json
import time

import httpx
import inngest
import pytest

from inngest_kit.api import now_rfc3339, unique

pytestmark = [pytest.mark.integration, pytest.mark.security]

EVENT = "intake/order.received"
SLUG = "validated-intake-process-order"
MAX_EVENT_BYTES = 3 * 1024 * 1024  # consts.AbsoluteMaxEventSize, pkg/consts/consts.go:17 (what /e/{key} enforces)


@pytest.fixture(scope="module")
def intake_app(serve_example):
    return serve_example("validated_events")


def elapsed_s(run) -> float:
    return (datetime.datetime.fromisoformat(run.ended_at) - datetime.datetime.fromisoformat(run.started_at)).total_seconds()


def function_error_span(api, run_id: str):
    """The run's "function error" span (the trace can show "execute" for a moment first)."""
    deadline = time.monotonic() + 5
    while True:
        spans = api.steps(run_id, include_system=True)
        found = [s for s in spans if s.name == "function error"]
        if found:
            return found[0]
        assert time.monotonic() < deadline, [(s.name, s.status) for s in spans]
        time.sleep(0.1)


def calls(app, order_id: str) -> int:
    return app.services.ledger[(order_id, "reserve-stock")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"sku": "SKU-1", "quantity": 2}, "order_id: Field required"),
        ({"order_id": "{id}", "sku": "SKU-1", "quantity": 0}, "quantity: Input should be greater than 0"),
        ({"order_id": "{id}", "sku": "SKU-1", "quantity": "2"}, "quantity: Input should be a valid integer"),
        ({"order_id": "{id}' || true", "sku": "SKU-1", "quantity": 1}, "order_id: String should match pattern"),
        ({"order_id": "{id}", "sku": "SKU-1", "quantity": 1, "admin": True}, "admin: Extra inputs are not permitted"),
    ],
    ids=["missing-field", "out-of-range", "wrong-type", "unsafe-characters", "unexpected-field"],
)
def test_invalid_event_data_fails_once_with_the_validation_message(intake_app, inngest_api, data, expected):
    order_id = unique("ord")
    data = {k: v.replace("{id}", order_id) if isinstance(v, str) else v for k, v in data.items()}
    event_id = inngest_api.send(EVENT, data)
    run = inngest_api.run_for_event(event_id)

    failed = inngest_api.wait_for_run(run.id, "FAILED")
    assert failed.output["name"] == "NonRetriableError"
    assert failed.output["message"].startswith(f"invalid {EVENT} event {event_id}: ")
    assert expected in failed.output["message"]
    # retries=3, yet one attempt: no step ran, the only attempt that executed is
    # "Attempt 0" (the trace also lists the never-run "Attempt 1" as QUEUED), and the
    # run ended sooner than the test server's 1 s retry interval would allow a retry.
    assert inngest_api.step_names(run.id) == []
    error_span = function_error_span(inngest_api, run.id)
    executed = [(c.name, c.status) for c in error_span.children if c.status != "QUEUED"]
    assert executed == [("Attempt 0", "FAILED")]
    assert elapsed_s(failed) < 1.0
    assert calls(intake_app, order_id) == 0


def test_valid_event_is_processed(intake_app, inngest_api):
    order_id = unique("ord")
    done = inngest_api.complete(inngest_api.send(EVENT, {"order_id": order_id, "sku": "SKU-1", "quantity": 3}))
    assert done.output == {"order_id": order_id, "sku": "SKU-1", "reserved": 3}
    assert calls(intake_app, order_id) == 1


def test_the_api_boundary_rejects_the_same_data_with_422(intake_app, inngest_api):
    since = now_rfc3339()
    resp = intake_app.http.post("/orders", json={"order_id": "x' || true", "sku": "SKU-1", "quantity": 1})
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["loc"] == ["body", "order_id"]
    sent = [e for e in inngest_api.events(EVENT, since=since) if e["data"].get("order_id") == "x' || true"]
    assert sent == []  # nothing was sent


def test_event_size_limit_is_3_mib_on_this_server(intake_app, inngest_api, inngest_server):
    """The self-hostable server (dev and start) enforces AbsoluteMaxEventSize, 3 MiB, not
    DefaultMaxEventSize (512 KiB, the cloud plan default): a 600 KiB event is accepted
    and runs; one byte over 3 MiB of request body is refused with 400."""
    order_id = unique("ord")
    padded = {"order_id": order_id, "sku": "SKU-1", "quantity": 1, "note": "x" * (600 * 1024)}
    resp = httpx.post(f"{inngest_server.url}/e/test", json={"name": EVENT, "data": padded}, timeout=30)
    assert resp.status_code == 200, resp.text
    run = inngest_api.run_for_event(resp.json()["ids"][0])
    failed = inngest_api.wait_for_run(run.id, "FAILED")  # "note" is not in the model
    assert "note: Extra inputs are not permitted" in failed.output["message"]

    # Just under the limit is accepted: the limit is 3 MiB, not anything lower
    # (a 600 KiB probe alone would also pass against a 1 MiB limit).
    near = {"name": EVENT, "data": {"order_id": unique("ord"), "note": ""}}
    near["data"]["note"] = "x" * (MAX_EVENT_BYTES - 1024 - len(json.dumps(near, separators=(",", ":"))))
    body = json.dumps(near, separators=(",", ":")).encode()
    assert len(body) == MAX_EVENT_BYTES - 1024
    resp = httpx.post(f"{inngest_server.url}/e/test", content=body, headers={"content-type": "application/json"},
                      timeout=30)
    assert resp.status_code == 200, resp.text

    over = {"name": EVENT, "data": {"order_id": unique("ord"), "note": "x" * MAX_EVENT_BYTES}}
    since = now_rfc3339()
    resp = httpx.post(f"{inngest_server.url}/e/test", json=over, timeout=30)
    assert resp.status_code == 400
    body = resp.json()
    assert body["status"] == 400 and body["ids"] == [""]
    assert body["error"].startswith("Event is over the max size: Max 3145728 bytes / Size ")

    # The SDK's client.send raises SendEventsError with the server's message.
    client = inngest.Inngest(app_id="bad-input-sender", is_production=False, event_api_base_url=inngest_server.url)
    with pytest.raises(Exception) as info:
        client.send_sync(inngest.Event(name=EVENT, data=over["data"]))
    assert type(info.value).__name__ == "SendEventsError"
    assert str(info.value).startswith("Event is over the max size: Max 3145728 bytes")
    assert info.value.ids == [""]  # no id: nothing was stored
    assert [e for e in inngest_api.events(EVENT, since=since) if e["data"].get("order_id") == over["data"]["order_id"]] == []


def body_of_size(size: int, name: str) -> bytes:
    """A compact JSON event body of exactly `size` bytes (padded in data.note)."""
    event = {"name": name, "data": {"note": ""}}
    event["data"]["note"] = "x" * (size - len(json.dumps(event, separators=(",", ":")).encode()))
    body = json.dumps(event, separators=(",", ":")).encode()
    assert len(body) == size
    return body


def test_event_size_limit_is_exactly_3_mib_of_request_body(inngest_server):
    """Probed at the limit, not far from it: a body of exactly 3 MiB is accepted, one byte
    more is refused. A lower limit (e.g. the cloud default of 512 KiB) fails the first half."""
    unheard = "bad-input/size-probe"  # no function listens: nothing runs on these
    at_limit = httpx.post(f"{inngest_server.url}/e/test", content=body_of_size(MAX_EVENT_BYTES, unheard),
                          headers={"Content-Type": "application/json"}, timeout=30)
    assert at_limit.status_code == 200, at_limit.text
    assert at_limit.json()["ids"][0]
    over = httpx.post(f"{inngest_server.url}/e/test", content=body_of_size(MAX_EVENT_BYTES + 1, unheard),
                      headers={"Content-Type": "application/json"}, timeout=30)
    assert over.status_code == 400
    assert over.json()["error"] == f"Event is over the max size: Max {MAX_EVENT_BYTES} bytes / Size {MAX_EVENT_BYTES + 1} bytes"


SERVE = "/api/inngest"
CALL = {
    "ctx": {"attempt": 0, "disable_immediate_execution": False, "run_id": "01JTESTRUN0000000000000000",
            "stack": {"stack": []}},
    "event": {"name": EVENT, "data": {"order_id": "ord-direct", "sku": "SKU-1", "quantity": 1}},
    "events": [], "steps": {}, "use_api": False,
}


@pytest.mark.parametrize(
    ("method", "url", "body", "status", "answer"),
    [
        ("POST", f"{SERVE}?fnId={SLUG}&stepId=step", b"{not json", 500, "ValidationError"),
        ("POST", f"{SERVE}?fnId={SLUG}&stepId=step", b"", 500, "ValidationError"),
        ("POST", f"{SERVE}?fnId={SLUG}&stepId=step", b'{"hello": 1}', 500, "ValidationError"),
        ("POST", f"{SERVE}?fnId=validated-intake-nope&stepId=step", CALL, 500, "FunctionNotFoundError"),
        ("POST", f"{SERVE}?stepId=step", CALL, 500, "QueryParamMissingError"),
        ("DELETE", SERVE, None, 405, None),
        ("PATCH", SERVE, b"{}", 405, None),
    ],
    ids=["bad-json", "empty-body", "wrong-shape", "unknown-fn", "missing-fnid", "delete", "patch"],
)
def test_malformed_calls_to_the_dev_mode_serve_endpoint_change_nothing(
    intake_app, inngest_api, method, url, body, status, answer
):
    """In dev mode (no signature check) the SDK answers a malformed call with 500 and
    its error name, not a 4xx; wrong methods get FastAPI's 405. Nothing runs. (In
    production mode every one of these is refused with 401 before it is parsed:
    tests/security/test_production_mode.py.)"""
    since = now_rfc3339()
    kwargs = {"json": body} if isinstance(body, dict) else {"content": body}
    resp = intake_app.http.request(method, url, **kwargs)
    assert resp.status_code == status, resp.text
    if answer:
        assert resp.json()["name"] == answer
    assert calls(intake_app, "ord-direct") == 0
    started = [r for r in inngest_api.runs_of_function(SLUG, since=since) if direct_call(inngest_api, r.id)]
    assert started == []


def direct_call(api, run_id: str) -> bool:
    """Whether a run was started by the body these tests post (order "ord-direct")."""
    return any((p or {}).get("data", {}).get("order_id") == "ord-direct" for p in api.trigger(run_id)["payloads"])
