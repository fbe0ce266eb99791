"""Grades production_ready: dev mode works, production mode against `inngest start` verifies
signatures, sends events with its key, and a deploy without keys does not start."""

import json

import httpx

from evals.grading.framework import Grader
from evals.grading.kit import ProductionProcess, SelfHostedServer, build, sdk_signing_key, unique

SLUG = "signup-service-welcome-user"


def unsigned_call(user_id: str) -> bytes:
    """The body the server POSTs to run the function's first step, without a signature."""
    event = {"name": "users/signed.up", "data": {"user_id": user_id}, "id": "01JEVALEVENT0000000000000", "ts": 0}
    return json.dumps({
        "ctx": {"attempt": 0, "disable_immediate_execution": False, "run_id": "01JEVALRUN000000000000000",
                "stack": {"stack": []}},
        "event": event, "events": [event], "steps": {}, "use_api": False,
    }).encode()


def grade(g: Grader) -> None:
    with g.check("dev mode: a signup runs the welcome function once"):
        dev = g.start_app()
        user = unique("user-dev")
        ids = httpx.post(f"{dev.url}/signups", json={"user_id": user}, timeout=10).json()["event_ids"]
        g.api.complete(ids[0])
        assert len(g.ledger("send_welcome", key=user)) == 1, "welcome emails: " + str(
            len(g.ledger("send_welcome", key=user)))
        dev.stop()

    server = SelfHostedServer(build()).start()
    api = server.api()
    try:
        def production(**drop: bool) -> dict[str, str]:
            env = {"INNGEST_SIGNING_KEY": sdk_signing_key(server.signing_key), "INNGEST_EVENT_KEY": server.event_key,
                   "INNGEST_API_BASE_URL": server.url, "INNGEST_EVENT_API_BASE_URL": server.url}
            return {k: v for k, v in env.items() if not drop.get(k)}

        with g.check("production: the app syncs with the self-hosted server and a signup completes"):
            app = g.start_app(production(), process_cls=ProductionProcess, api=api, sync=False)
            app.env["INNGEST_SERVE_ORIGIN"] = app.url
            app.kill()
            app.start(sync=True)
            user = unique("user-prod")
            resp = httpx.post(f"{app.url}/signups", json={"user_id": user}, timeout=10)
            assert resp.status_code == 202, f"POST /signups answered {resp.status_code}: {resp.text[:200]}"
            api.complete(resp.json()["event_ids"][0])
            assert len(g.ledger("send_welcome", key=user)) == 1
        with g.check("production: an unsigned call to /api/inngest is refused and runs nothing"):
            user = unique("user-forged")
            resp = httpx.post(f"{app.url}/api/inngest?fnId={SLUG}&stepId=step", content=unsigned_call(user),
                              headers={"content-type": "application/json"}, timeout=10)
            assert not g.ledger("send_welcome", key=user), f"an unsigned call ran the step ({resp.status_code})"
            assert resp.status_code in (401, 403), f"an unsigned call answered {resp.status_code}"
        app.kill()
        for key in ("INNGEST_SIGNING_KEY", "INNGEST_EVENT_KEY"):
            with g.check(f"production without {key} refuses to start"):
                try:
                    broken = g.start_app(production(**{key: True}), process_cls=ProductionProcess, api=api,
                                         sync=False)
                except RuntimeError as exc:
                    assert "exited" in str(exc), str(exc)
                else:
                    broken.kill()
                    raise AssertionError(f"the app started and answered on /api/inngest without {key}")
    finally:
        api.close()
        server.stop()
