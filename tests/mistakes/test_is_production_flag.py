"""mistakes/is_production_flag: the seed's `is_production=os.getenv("ENVIRONMENT") == "production"`.

Seed 002 "## 2. Create the Client" says to derive is_production from ENVIRONMENT.
Really: any other value (unset, "prod", "Production") puts the client in dev
mode although the signing key is set, and the serve endpoint then runs
unsigned calls. Each case runs in a fresh interpreter because the SDK reads
the environment when the client is created, at import.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from checks.catalog import REPO

pytestmark = [pytest.mark.integration, pytest.mark.security]

KEYS = {"INNGEST_SIGNING_KEY": "signkey-prod-0123456789abcdef0123456789abcdef", "INNGEST_EVENT_KEY": "prod-event-key"}


def run_python(code: str, env: dict[str, str]) -> dict:
    clean = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "PYTHONPATH": str(REPO), **env}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=clean, capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


PRINT_MODE = """
import json
from mistakes.is_production_flag.main import inngest_client as c
print(json.dumps([c.is_production, c.api_origin, c.event_api_origin]))
"""


@pytest.mark.parametrize(
    ("environment", "cloud"),
    [(None, False), ("prod", False), ("Production", False), ("production ", False), ("production", True)],
    ids=["unset", "prod", "Production", "trailing-space", "production"],
)
def test_environment_unset_or_misspelled_means_dev_mode(environment, cloud):
    env = {**KEYS, **({"ENVIRONMENT": environment} if environment is not None else {})}
    is_production, api, events = run_python(PRINT_MODE, env)
    assert is_production is cloud
    if cloud:
        assert (api, events) == ("https://api.inngest.com/", "https://inn.gs/")
    else:  # events from a production app would go to a dev server on localhost
        assert (api, events) == ("http://127.0.0.1:8288/", "http://127.0.0.1:8288/")


CALL = """
import json, warnings
warnings.simplefilter("ignore")
from fastapi.testclient import TestClient
import {module} as m

event = {{"name": "{event}", "data": {data}}}
body = {{"ctx": {{"attempt": 0, "disable_immediate_execution": False, "run_id": "01JTESTRUN0000000000000000",
                 "stack": {{"stack": []}}}}, "event": event, "events": [event], "steps": {{}}, "use_api": False}}
http = TestClient(m.app)
get = http.get("/api/inngest")
post = http.post("/api/inngest?fnId={fn_id}&stepId=step", json=body)
from {services} import ledger
print(json.dumps({{"get": [get.status_code, get.json()], "post": [post.status_code, post.json()],
                  "side_effects": sum(ledger.values())}}))
"""


def test_dev_mode_runs_an_unsigned_call():
    """Anyone who can reach /api/inngest can run any function with any event data."""
    out = run_python(
        CALL.format(
            module="mistakes.is_production_flag.main",
            services="mistakes.is_production_flag.main",
            event="mistakeisprod/refund.requested",
            data={"refund_id": "rf_attacker", "amount": 5000},
            fn_id="mistake-is-production-flag-issue-refund",
        ),
        KEYS,  # ENVIRONMENT unset: the deploy forgot it
    )
    status, ops = out["post"]
    assert status == 206  # the step ran; its result goes back to "Inngest"
    assert ops[0]["displayName"] == "issue-refund"
    assert ops[0]["data"] == {"refund_id": "rf_attacker", "amount": 5000}
    assert out["side_effects"] == 1
    get_status, inspection = out["get"]
    assert get_status == 200
    assert inspection["mode"] == "dev" and inspection["has_signing_key"] is True


def test_right_form_rejects_the_same_unsigned_call():
    out = run_python(
        CALL.format(
            module="examples.production_client.main",
            services="examples.production_client.services",
            event="prodclient/user.signed-up",
            data={"user_id": "usr_attacker", "email": "x@example.com"},
            fn_id="production-client-welcome-user",
        ),
        {**KEYS, "INNGEST_SERVE_ORIGIN": "https://app.example.com"},
    )
    assert out["post"] == [401, {"message": "Unauthorized"}]
    assert out["get"] == [401, {"message": "Unauthorized"}]
    assert out["side_effects"] == 0


PUT = """
import json, warnings
warnings.simplefilter("ignore")
from fastapi.testclient import TestClient
import mistakes.is_production_flag.main as m
r = TestClient(m.app).put("/api/inngest")
print(json.dumps([r.status_code, r.text]))
"""


def test_unsigned_put_in_dev_mode_tries_the_local_dev_server():
    """The PUT is not refused: the SDK tries to register with a dev server on
    127.0.0.1:8288, which a production host does not run (or, worse, might)."""
    status, text = run_python(PUT, KEYS)
    assert "Unauthorized" not in text
    assert "http://127.0.0.1:8288/fn/register" in text or status == 200, (status, text)
