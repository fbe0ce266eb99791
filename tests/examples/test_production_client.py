"""examples/production_client: the client's mode and URLs come from the environment,
and a production deploy without its keys refuses to start.

Each case runs in a fresh interpreter (subprocess) because the SDK reads the
environment when the client is created, at import, exactly as in a deploy.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from checks.catalog import REPO

pytestmark = pytest.mark.integration

SIGNING_KEY = "signkey-prod-0123456789abcdef0123456789abcdef"
PROD = {
    "INNGEST_SIGNING_KEY": SIGNING_KEY,
    "INNGEST_EVENT_KEY": "test-event-key",
    "INNGEST_SERVE_ORIGIN": "https://app.example.com",
}
FN_ID = "production-client-welcome-user"

PRINT_CONFIG = """
import json
import examples.production_client.main as m
c = m.inngest_client
print(json.dumps({"mode": m.INNGEST_MODE, "is_production": c.is_production,
                  "api_origin": c.api_origin, "event_api_origin": c.event_api_origin}))
"""


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run `code` in a new interpreter whose environment is exactly `env` (plus PATH)."""
    clean = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "PYTHONPATH": str(REPO), **env}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=clean, capture_output=True, text=True, timeout=60, cwd=REPO
    )


def config_under(env: dict[str, str]) -> dict:
    proc = run_python(PRINT_CONFIG, env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"INNGEST_DEV": "1"}, ("dev", "http://127.0.0.1:8288/", "http://127.0.0.1:8288/")),
        ({"INNGEST_DEV": "http://127.0.0.1:9999"}, ("dev", "http://127.0.0.1:9999", "http://127.0.0.1:9999")),
        (PROD, ("cloud", "https://api.inngest.com/", "https://inn.gs/")),
        ({**PROD, "INNGEST_DEV": "0"}, ("cloud", "https://api.inngest.com/", "https://inn.gs/")),
        ({**PROD, "INNGEST_DEV": "false"}, ("cloud", "https://api.inngest.com/", "https://inn.gs/")),
        # Variables the SDK does not read change nothing.
        ({**PROD, "ENVIRONMENT": "development"}, ("cloud", "https://api.inngest.com/", "https://inn.gs/")),
    ],
    ids=["dev-1", "dev-url", "prod", "dev-0", "dev-false", "environment-ignored"],
)
def test_mode_and_urls_come_from_INNGEST_DEV_only(env, expected):
    cfg = config_under(env)
    mode, api, events = expected
    assert (cfg["mode"], cfg["is_production"]) == (mode, mode == "cloud")
    assert (cfg["api_origin"], cfg["event_api_origin"]) == (api, events)


@pytest.mark.security
@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("INNGEST_SIGNING_KEY", "INNGEST_SIGNING_KEY is not set"),
        ("INNGEST_EVENT_KEY", "INNGEST_EVENT_KEY is not set"),
        ("INNGEST_SERVE_ORIGIN", "INNGEST_SERVE_ORIGIN is not set"),
    ],
)
def test_cloud_mode_without_its_settings_refuses_to_start(missing, message):
    env = {k: v for k, v in PROD.items() if k != missing}
    proc = run_python("import examples.production_client.main", env)
    assert proc.returncode != 0
    assert "InngestConfigError: refusing to serve Inngest functions" in proc.stderr
    assert message in proc.stderr


@pytest.mark.security
def test_inngest_dev_next_to_a_signing_key_refuses_to_start():
    proc = run_python("import examples.production_client.main", {**PROD, "INNGEST_DEV": "1"})
    assert proc.returncode != 0
    assert "INNGEST_DEV is set although INNGEST_SIGNING_KEY is" in proc.stderr


def test_without_the_check_the_sdk_itself_refuses_to_serve_without_a_signing_key():
    """The check adds a clear message and the event-key/origin checks; the SDK
    alone already raises at serve() in cloud mode when the signing key is missing."""
    proc = run_python(
        """
        import fastapi, inngest, inngest.fast_api
        from examples.production_client.client import inngest_client
        from examples.production_client.functions import functions
        inngest.fast_api.serve(fastapi.FastAPI(), inngest_client, functions)
        """,
        {"INNGEST_EVENT_KEY": "k"},
    )
    assert proc.returncode != 0
    assert "SigningKeyMissingError" in proc.stderr


CALL_ENDPOINT = """
import json, warnings
warnings.simplefilter("ignore")
from fastapi.testclient import TestClient
from inngest._internal import net  # the SDK's own test helper signs like the Inngest server
import examples.production_client.main as m
from examples.production_client import services

body = json.dumps({
    "ctx": {"attempt": 0, "disable_immediate_execution": False, "run_id": "01JTESTRUN0000000000000000",
            "stack": {"stack": []}},
    "event": {"name": "prodclient/user.signed-up", "data": {"user_id": "usr_1", "email": "a@example.com"}},
    "events": [{"name": "prodclient/user.signed-up", "data": {"user_id": "usr_1", "email": "a@example.com"}}],
    "steps": {}, "use_api": False,
}).encode()
url = "/api/inngest?fnId=%s&stepId=step"
http = TestClient(m.app)
out = {}
out["get_unsigned"] = http.get("/api/inngest").status_code
r = http.post(url, content=body)
out["post_unsigned"] = [r.status_code, r.json(), services.ledger[("usr_1", "send-welcome")]]
forged = net.sign_request(body, "signkey-prod-" + "ff" * 16)
r = http.post(url, content=body, headers={"x-inngest-signature": forged})
out["post_wrong_key"] = [r.status_code, services.ledger[("usr_1", "send-welcome")]]
good = net.sign_request(body, "%s")
r = http.post(url, content=body, headers={"x-inngest-signature": good})
out["post_signed"] = [r.status_code, r.json(), services.ledger[("usr_1", "send-welcome")]]
print(json.dumps(out))
"""


@pytest.mark.security
def test_cloud_mode_rejects_unsigned_and_wrongly_signed_calls():
    proc = run_python(CALL_ENDPOINT % (FN_ID, SIGNING_KEY), PROD)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["get_unsigned"] == 401
    assert out["post_unsigned"] == [401, {"message": "Unauthorized"}, 0]
    assert out["post_wrong_key"] == [401, 0]
    status, ops, sent = out["post_signed"]
    assert (status, sent) == (206, 1)  # 206: a step ran and its result goes back to Inngest
    assert ops[0]["displayName"] == "send-welcome"
    assert ops[0]["data"] == {"message_id": "welcome-usr_1", "to": "a@example.com"}


SPOOFED_PUT = """
import json, warnings
warnings.simplefilter("ignore")
from fastapi.testclient import TestClient
import fastapi, inngest.fast_api
from examples.production_client.client import inngest_client
from examples.production_client.functions import functions
app = fastapi.FastAPI()
inngest.fast_api.serve(app, inngest_client, functions)
r = TestClient(app, base_url="http://attacker.example").put("/api/inngest")
print(json.dumps([r.status_code, r.json().get("ok")]))
"""


def registered_url(api) -> str:
    return next(f["url"] for f in api.functions() if f["slug"] == FN_ID)


@pytest.mark.security
@pytest.mark.dev_only("the app here signs with the test's fixed key, which only the dev server accepts")
def test_unsigned_put_registers_the_request_host_unless_the_serve_origin_is_pinned(inngest_server, inngest_api):
    """In cloud mode an unsigned PUT is not rejected: the SDK syncs, signed with
    its own key, and takes the app URL from that request. The local server
    plays the Inngest API here (INNGEST_API_BASE_URL)."""
    env = {**PROD, "INNGEST_API_BASE_URL": inngest_server.url}
    no_origin = {k: v for k, v in env.items() if k != "INNGEST_SERVE_ORIGIN"}
    proc = run_python(SPOOFED_PUT, no_origin)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == [200, True]
    assert registered_url(inngest_api).startswith("http://attacker.example/api/inngest")

    proc = run_python(SPOOFED_PUT, env)  # INNGEST_SERVE_ORIGIN=https://app.example.com
    assert proc.returncode == 0, proc.stderr
    assert registered_url(inngest_api).startswith("https://app.example.com/api/inngest")
