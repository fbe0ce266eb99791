"""Production mode end to end: the self-hosted server (`inngest start`, keys required)
and examples/durable_ledger served in cloud mode (no INNGEST_DEV; keys and base
URLs from the environment) in its own process.

Keys are random per test session (inngest_kit.production.new_signing_key); none is
committed. The ledger is a SQLite file, so what a rejected call did NOT do is
visible across processes.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path

import httpx
import pytest
from inngest._internal import net  # the SDK's own helper signs a body as the Inngest server does

from checks.catalog import REPO
from inngest_kit.api import unique
from inngest_kit.production import ProductionProcess, SelfHostedServer, new_signing_key, sdk_signing_key
from inngest_kit.timeskip import TimeSkipper

pytestmark = [pytest.mark.integration, pytest.mark.security]

TARGET = "examples.durable_ledger.main:app"
SLUG = "durable-ledger-fulfil-order"
EVENT = "ledger/order.placed"
SERVE = "/api/inngest"


@pytest.fixture(scope="module")
def server(tmp_path_factory, inngest_binary):
    srv = SelfHostedServer(inngest_binary, workdir=tmp_path_factory.mktemp("inngest-start"))
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def api(server):
    client = server.api()
    yield client
    client.close()


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ledger") / "ledger.sqlite3"


def production_app(
    server, api, ledger, *, signing_key: str, fallback: str | None = None, sync: bool = True, cooling_off_s: int = 1
):
    env = {
        "INNGEST_SIGNING_KEY": signing_key,
        "INNGEST_EVENT_KEY": server.event_key,
        "INNGEST_API_BASE_URL": server.url,
        "INNGEST_EVENT_API_BASE_URL": server.url,
        "DURABLE_LEDGER_PATH": str(ledger),
        "DURABLE_LEDGER_COOLING_OFF_S": str(cooling_off_s),
    }
    if fallback:
        env["INNGEST_SIGNING_KEY_FALLBACK"] = fallback
    proc = ProductionProcess(TARGET, api, {SLUG}, cwd=str(REPO), pythonpath=[str(REPO)], env=env)
    proc.env["INNGEST_SERVE_ORIGIN"] = proc.url
    return proc.start(sync=sync)


@pytest.fixture(scope="module")
def app(server, api, ledger):
    proc = production_app(server, api, ledger, signing_key=sdk_signing_key(server.signing_key))
    yield proc
    proc.kill()


@pytest.fixture
def synced_app(app):
    """The module's app, registered again (a rotation test may have re-pointed the app id)."""
    assert httpx.put(app.url + SERVE).status_code == 200
    return app


def effects(ledger: Path, order_id: str) -> dict[str, int]:
    if not ledger.exists():
        return {}
    conn = sqlite3.connect(ledger, timeout=30)
    try:
        rows = conn.execute("SELECT action, COUNT(*) FROM effects WHERE order_id = ? GROUP BY action", (order_id,))
        return dict(rows.fetchall())
    except sqlite3.OperationalError:
        return {}
    finally:
        conn.close()


def order_data(order_id: str) -> dict:
    return {"order_id": order_id, "sku": "SKU-1", "amount_cents": 1000, "email": "a@example.com"}


def call_body(order_id: str) -> bytes:
    """What the server POSTs to run a function: here the first call of fulfil-order."""
    event = {"name": EVENT, "data": order_data(order_id), "id": "01JTESTEVENT00000000000000", "ts": 0}
    return json.dumps({
        "ctx": {"attempt": 0, "disable_immediate_execution": False, "run_id": "01JTESTRUN0000000000000000",
                "stack": {"stack": []}},
        "event": event, "events": [event], "steps": {}, "use_api": False,
    }).encode()


def post_call(app, body: bytes, signature: str | None, *, url: str | None = None) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if signature is not None:
        headers["x-inngest-signature"] = signature
    return httpx.post(app.url + (url or f"{SERVE}?fnId={SLUG}&stepId=step"), content=body, headers=headers, timeout=10)


# -- events -----------------------------------------------------------------


@pytest.mark.wait_floor(1)  # 1 s cooling-off sleep
def test_events_with_a_wrong_event_key_are_refused(server, api, synced_app, ledger):
    order_id = unique("ord")
    resp = httpx.post(f"{server.url}/e/not-the-key", json={"name": EVENT, "data": order_data(order_id)})
    assert resp.status_code == 401
    assert resp.json() == {"status": 401, "message": "", "error": "Event key not found"}
    assert effects(ledger, order_id) == {}

    # The right key: the event runs, every call from the server signed and verified.
    event_id = api.send(EVENT, order_data(order_id))
    done = api.complete(event_id, timeout_s=60)
    assert done.output["charge_id"] == f"ch-{order_id}"
    assert effects(ledger, order_id) == {"reserve-stock": 1, "charge-card": 1, "send-receipt": 1}


@pytest.mark.wait_floor(1)  # 1 s cooling-off sleep
def test_the_app_sends_events_with_its_event_key_and_the_run_completes(synced_app, api, ledger):
    resp = httpx.post(synced_app.url + "/orders", json={"sku": "SKU-2", "amount_cents": 2500, "email": "b@example.com"})
    assert resp.status_code == 202, resp.text
    order_id = resp.json()["order_id"]
    done = api.complete(resp.json()["event_ids"][0], timeout_s=60)
    assert done.output == {
        "order_id": order_id, "reserved": "SKU-2", "charge_id": f"ch-{order_id}", "amount_cents": 2500,
        "replayed": False, "receipt_to": "b@example.com",
    }


# -- the serve endpoint ------------------------------------------------------


@pytest.mark.parametrize(
    "forgery", ["unsigned", "wrong-key", "garbage-header", "signed-for-another-body"],
)
def test_unsigned_or_wrongly_signed_calls_are_rejected_and_run_nothing(app, ledger, forgery):
    order_id = unique("ord-forged")
    body = call_body(order_id)
    signature = {
        "unsigned": None,
        "wrong-key": net.sign_request(body, sdk_signing_key(new_signing_key())),
        "garbage-header": "t=1&s=deadbeef",
        "signed-for-another-body": net.sign_request(call_body("ord-other"), sdk_signing_key(app_key(app))),
    }[forgery]
    resp = post_call(app, body, signature)
    assert resp.status_code == 401
    assert resp.json() == {"message": "Unauthorized"}
    assert effects(ledger, order_id) == {}


def test_a_correctly_signed_call_runs(app, ledger):
    order_id = unique("ord-signed")
    body = call_body(order_id)
    resp = post_call(app, body, net.sign_request(body, sdk_signing_key(app_key(app))))
    assert resp.status_code == 206  # the first step ran; its result goes back to the server
    assert resp.json()[0]["displayName"] == "reserve-stock"
    assert effects(ledger, order_id) == {"reserve-stock": 1}


def test_an_hour_old_signature_is_still_accepted(app, ledger):
    """The SDK (0.5.19, net._validate_sig) checks the HMAC, including the timestamp
    in it, but not the timestamp's age: a signed call captured once can be replayed
    later. Keep the serve endpoint off the public internet where you can, and make
    steps idempotent; the signature alone does not stop a replay."""
    order_id = unique("ord-replayed")
    body = call_body(order_id)
    an_hour_ago = int(time.time()) - 3600
    resp = post_call(app, body, net.sign_request(body, sdk_signing_key(app_key(app)), an_hour_ago))
    assert resp.status_code == 206
    assert effects(ledger, order_id) == {"reserve-stock": 1}


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("POST", f"{SERVE}?fnId={SLUG}&stepId=step", b"{not json"),
        ("POST", f"{SERVE}?fnId=durable-ledger-nope&stepId=step", None),
        ("POST", f"{SERVE}?stepId=step", None),
        ("POST", SERVE, b""),
        ("GET", SERVE, None),
    ],
    ids=["bad-json", "unknown-fn", "missing-fnid", "empty", "inspect"],
)
def test_malformed_unsigned_calls_are_refused_before_parsing(app, ledger, method, url, body):
    resp = httpx.request(method, app.url + url, content=call_body("ord-malformed") if body is None else body)
    assert resp.status_code == 401
    assert effects(ledger, "ord-malformed") == {}


# -- key rotation ------------------------------------------------------------


@pytest.mark.wait_floor(1)  # 1 s cooling-off sleep
def test_rotation_new_primary_old_fallback_verifies_the_old_signature(server, api, ledger, synced_app):
    """The server still signs with the old key; the app already has the new key as
    INNGEST_SIGNING_KEY and the old one as INNGEST_SIGNING_KEY_FALLBACK. Both
    directions work: the sync (the app authenticates to the server: the new key is
    refused, the SDK retries with the fallback) and the server's signed calls
    (verified with the fallback). A whole run completes."""
    old, new = sdk_signing_key(server.signing_key), sdk_signing_key(new_signing_key())
    rotated = production_app(server, api, ledger, signing_key=new, fallback=old)
    try:
        order_id = unique("ord-rotated")
        done = api.complete(api.send(EVENT, order_data(order_id)), timeout_s=60)
        assert done.output["order_id"] == order_id
        assert effects(ledger, order_id) == {"reserve-stock": 1, "charge-card": 1, "send-receipt": 1}
        fn = next(f for f in api.functions() if f["slug"] == SLUG)
        assert f":{rotated.port}/" in fn["url"]  # the run was served by the rotated app

        # And the reverse order of the keys (old primary, new fallback) verifies a
        # call signed with either key.
        body = call_body(unique("ord-reverse"))
        for signer in (old, new):
            assert post_call(rotated, body, net.sign_request(body, signer)).status_code == 206
    finally:
        rotated.kill()
    reverse = production_app(server, api, ledger, signing_key=old, fallback=new, sync=False)
    try:
        for signer in (old, new):
            body = call_body(unique("ord-reverse"))
            assert post_call(reverse, body, net.sign_request(body, signer)).status_code == 206
    finally:
        reverse.kill()


def test_rotation_without_the_fallback_breaks_both_directions(server, api, ledger, synced_app):
    old, new = sdk_signing_key(server.signing_key), sdk_signing_key(new_signing_key())
    lone = production_app(server, api, ledger, signing_key=new, sync=False)
    try:
        body = call_body(unique("ord-lone"))
        resp = post_call(lone, body, net.sign_request(body, old))  # what the server sends
        assert resp.status_code == 401
        sync = httpx.put(lone.url + SERVE, timeout=20)
        # The server answers 401 "Authentication failed" (plain text) to the new key;
        # the SDK reports that as a failed registration.
        assert sync.status_code == 500
        assert sync.json() == {
            "code": "registration_failed", "message": "response is not valid JSON", "name": "RegistrationFailedError",
        }
        fn = next(f for f in api.functions() if f["slug"] == SLUG)
        assert f":{lone.port}/" not in fn["url"]  # the server kept the previous registration
    finally:
        lone.kill()


# -- the server's own API -------------------------------------------------------


def test_graphql_answers_without_a_key_in_start_mode(server, synced_app):
    """`inngest start` requires the signing key on /fn/register, /v1 and /v2, but its
    GraphQL endpoint (/v0/gql, pkg/coreapi/coreapi.go: no AuthMiddleware on /gql)
    answers anyone who reaches the port: runs, outputs, events, and the cancelRun
    mutation. Bind the server to a private address, or start it with --no-ui
    (which turns GraphQL off)."""
    query = {"query": "{ functions { slug url } }"}
    resp = httpx.post(f"{server.url}/v0/gql", json=query)
    assert resp.status_code == 200
    assert SLUG in {f["slug"] for f in resp.json()["data"]["functions"]}
    assert httpx.get(f"{server.url}/v1/events").status_code == 401
    assert httpx.get(f"{server.url}/v1/events", headers={"Authorization": f"Bearer {server.signing_key}"}).status_code == 200


def test_no_ui_turns_graphql_off(tmp_path, inngest_binary):
    srv = SelfHostedServer(inngest_binary, no_ui=True, workdir=tmp_path)
    srv.start()
    try:
        resp = httpx.post(f"{srv.url}/v0/gql", json={"query": "{ functions { slug } }"})
        assert resp.status_code == 404
    finally:
        srv.stop()


@pytest.mark.reliability
def test_a_restarted_self_hosted_server_also_loses_a_sleeping_run(tmp_path, inngest_binary):
    """`inngest start` forces persistence, but without --redis-uri its queue and run
    state are the same in-process Redis as `inngest dev --persist`, never snapshotted
    in v1.44.0: after a restart the app and the run's history are there, the sleeping
    run's sleep is gone from the queue, so it never wakes. (Same as
    tests/reliability/test_crashes.py for the dev server.) Self-hosting for real means an
    external Redis (--redis-uri)."""
    srv = SelfHostedServer(inngest_binary, workdir=tmp_path / "server")
    srv.start()
    api = srv.api()
    ledger = tmp_path / "ledger.sqlite3"
    # An hour's sleep: it cannot end by itself during the test, and the queue shows it.
    proc = production_app(srv, api, ledger, signing_key=sdk_signing_key(srv.signing_key), cooling_off_s=3600)
    try:
        order_id = unique("ord")
        run = api.run_for_event(api.send(EVENT, order_data(order_id)))
        # The same in-process queue as the dev server's, found the same way.
        with TimeSkipper.for_dev_server(srv.port, pid=srv.proc.pid) as before:
            sleep = before.wait_for_timer(run.id, kind="sleep")
            assert [i["id"] for i in before.queued_items(run.id)] == [sleep.item_id]
        srv.stop()
        srv.start()
        assert SLUG in api.function_slugs()
        with TimeSkipper.for_dev_server(srv.port, pid=srv.proc.pid) as after:
            assert after.queued_items(run.id) == []  # nothing will resume the run
        assert api.run(run.id).status == "RUNNING"
        assert effects(ledger, order_id) == {"reserve-stock": 1, "charge-card": 1}
    finally:
        proc.kill()
        api.close()
        srv.stop()


# -- secrets ------------------------------------------------------------------

KEY_LITERALS = [
    re.compile(r"signkey-\w+-[0-9a-fA-F]{8,}"),  # a signing key with its prefix
    re.compile(r"\b[0-9a-fA-F]{64}\b"),  # a bare 32-byte hex key
    re.compile(r"(?i)(signing_key|event_key|INNGEST_SIGNING_KEY|INNGEST_EVENT_KEY)\s*[=:]\s*['\"][^'\"]{6,}['\"]"),
]


def test_no_key_literal_is_committed_in_examples_scripts_or_kit():
    """Keys come only from the environment. (Tests use throwaway keys of their own.)"""
    hits = []
    for folder in ("examples", "scripts", "kit", "checks", "mistakes"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix not in (".py", ".toml", ".md", ".json", ".yaml", ".yml", ".env", ".txt") or not path.is_file():
                continue
            for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                if any(p.search(line) for p in KEY_LITERALS):
                    hits.append(f"{path.relative_to(REPO)}:{n}: {line.strip()[:100]}")
    assert hits == []


def app_key(app) -> str:
    """The server key the module's app was started with (from its environment)."""
    return app.env["INNGEST_SIGNING_KEY"].removeprefix("signkey-prod-")
