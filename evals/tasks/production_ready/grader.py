"""Grades production_ready: dev mode works, production mode against `inngest start` verifies
signatures, sends events with its key, and a deploy without keys does not start."""

import atexit
import contextlib
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx

from evals.grading.framework import ON_ABORT, Grader
from evals.grading.kit import ProductionProcess, SelfHostedServer, build, sdk_signing_key, unique

SLUG = "signup-service-welcome-user"
_server: list[SelfHostedServer] = []
_server_lock = threading.Lock()


def self_hosted() -> SelfHostedServer:
    """One `inngest start` per process, shared by every grading of this task (never two at once:
    runs of one task are sequential), stopped when the process ends."""
    with _server_lock:
        if not _server:
            _server.append(SelfHostedServer(build()).start())
            atexit.register(_server[0].stop)
            ON_ABORT.append(_server[0].stop)
        return _server[0]


def unsigned_call(user_id: str) -> bytes:
    """The body the server POSTs to run the function's first step, without a signature."""
    event = {"name": "users/signed.up", "data": {"user_id": user_id}, "id": "01JEVALEVENT0000000000000", "ts": 0}
    return json.dumps({
        "ctx": {"attempt": 0, "disable_immediate_execution": False, "run_id": "01JEVALRUN000000000000000",
                "stack": {"stack": []}},
        "event": event, "events": [event], "steps": {}, "use_api": False,
    }).encode()


def grade(g: Grader) -> None:
    server = self_hosted()
    api = server.api()
    env = {"INNGEST_SIGNING_KEY": sdk_signing_key(server.signing_key), "INNGEST_EVENT_KEY": server.event_key,
           "INNGEST_API_BASE_URL": server.url, "INNGEST_EVENT_API_BASE_URL": server.url,
           "INNGEST_SERVE_ORIGIN": "{url}"}

    def start_without(key: str):
        """The app started in production mode without `key`; the exception if it did not start."""
        try:
            return g.start_app({k: v for k, v in env.items() if k != key}, process_cls=ProductionProcess, api=api,
                               sync=False)
        except RuntimeError as exc:
            return exc

    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            # Two deploys that must not start, launched while the checks below run.
            broken = {key: pool.submit(start_without, key) for key in ("INNGEST_SIGNING_KEY", "INNGEST_EVENT_KEY")}
            with g.check("dev mode: a signup runs the welcome function once"):
                dev = g.start_app()
                user = unique("user-dev")
                ids = httpx.post(f"{dev.url}/signups", json={"user_id": user}, timeout=30).json()["event_ids"]
                g.api.complete(ids[0])
                count = len(g.ledger("send_welcome", key=user))
                assert count == 1, f"welcome emails: {count}"
                dev.stop()
            with g.check("production: the app syncs with the self-hosted server and a signup completes"):
                app = g.start_app(env, process_cls=ProductionProcess, api=api)
                user = unique("user-prod")
                resp = httpx.post(f"{app.url}/signups", json={"user_id": user}, timeout=30)
                assert resp.status_code == 202, f"POST /signups answered {resp.status_code}: {resp.text[:200]}"
                api.complete(resp.json()["event_ids"][0])
                assert len(g.ledger("send_welcome", key=user)) == 1
            with g.check("production: an unsigned call to /api/inngest is refused and runs nothing"):
                user = unique("user-forged")
                resp = httpx.post(f"{app.url}/api/inngest?fnId={SLUG}&stepId=step", content=unsigned_call(user),
                                  headers={"content-type": "application/json"}, timeout=30)
                assert not g.ledger("send_welcome", key=user), f"an unsigned call ran the step ({resp.status_code})"
                assert resp.status_code in (401, 403), f"an unsigned call answered {resp.status_code}"
            for key, future in broken.items():
                with g.check(f"production without {key} refuses to start"):
                    outcome = future.result()
                    if not isinstance(outcome, Exception):
                        outcome.kill()
                        raise AssertionError(f"the app started and answered on /api/inngest without {key}")
                    assert "exited" in str(outcome), str(outcome)
    finally:
        with contextlib.suppress(Exception):
            api.delete_app(g.task.app_id)  # the grader's cleanup removes it from the dev server only
        api.close()
