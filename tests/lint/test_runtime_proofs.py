"""Every linter rule, proven at run time: each bad fixture fails against the real SDK or
the real server the way its rule's message says, and each good fixture works.

Fixtures are small Inngest apps in tests/lint/proofs/{bad,good}/, one mistake per bad
file, each with a `PROOF` dict saying how its failure (or success) shows:

  kind "import"  importing the module raises; `error` is in the exception's text
  kind "sync"    the app is served and synced; `error` is in the sync's answer or in the
                 server's record of the app, and no function is registered (good: all are)
  kind "config"  the sync succeeds, but the server registered `config` differently
  kind "run"     `event` (with `data`) is sent; the run ends `status` with `output`
                 (exact) or `output_has` (substring of its JSON); `ledger` counts a
                 side effect the module records; `events` counts events the run sent;
                 `max_s` bounds the run's duration
  kind "sign"    the app is served in production mode; a call signed with the key
                 written in its source runs the function (unsigned: refused)
  kind "unsigned" loaded as deployed (a signing key, no INNGEST_DEV): an unsigned call
                 runs the function

The linter's verdict on the same files (static + SDK check, one child interpreter for
all) must be exactly the `# expect: RULE` marks: each bad file shows its own rule, each
good file nothing. A fixture whose `mode` is "server" is only decidable by syncing; its
verdict comes from `server_check`.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import pathlib
import re
import sys
import time
from collections import Counter
from datetime import datetime

import fastapi
import httpx
import inngest
import inngest.fast_api
import pytest
from inngest._internal import net

from inngest_kit.api import InngestAPI, now_rfc3339, unique
from inngest_kit.apps import ServedApp
from inngest_kit.lint import sdk as lint_sdk
from inngest_kit.lint.cli import lint_paths
from inngest_kit.lint.rules import RULES
from inngest_kit.lint.server_check import server_check

REPO = pathlib.Path(__file__).resolve().parents[2]
PROOFS = pathlib.Path(__file__).parent / "proofs"
BAD = sorted((PROOFS / "bad").glob("*.py"))
GOOD = sorted((PROOFS / "good").glob("*.py"))
EXPECT = re.compile(r"#\s*expect:\s*((?:INN\d{3}\s*)+)")
_APPS = "query { apps { name error functionCount } }"


def proof_of(path: pathlib.Path) -> dict:
    """The module-level `PROOF = {...}` literal, read without importing the file."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "PROOF" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{path.name} has no PROOF")


def expected(path: pathlib.Path) -> Counter:
    marks: Counter = Counter()
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            for rule in match.group(1).split():
                marks[(rule, number)] += 1
    return marks


def load(path: pathlib.Path):
    name = f"lint_proof_{path.parent.name}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def client_of(module) -> inngest.Inngest:
    clients = [v for v in vars(module).values() if isinstance(v, inngest.Inngest)]
    assert len(clients) == 1, f"{module.__name__}: one client expected"
    return clients[0]


class UnsyncedApp(ServedApp):
    """Served, not synced: the test does the PUT and reads the answer itself."""

    def sync(self, timeout_s: float = 20.0) -> None:
        pass


def serve(module, api: InngestAPI) -> UnsyncedApp:
    app = fastapi.FastAPI()
    inngest.fast_api.serve(app, client_of(module), lint_sdk.functions_in(module))
    return UnsyncedApp(app, api, expected_functions=set()).start()


def app_record(api: InngestAPI, app_id: str) -> dict | None:
    return next((a for a in api.gql(_APPS)["apps"] if a["name"] == app_id), None)


def slugs_of(module) -> set[str]:
    out = set()
    for fn in lint_sdk.functions_in(module):
        out.add(fn.id)
        if fn.on_failure_fn_id:
            out.add(fn.on_failure_fn_id)
    return out


# --- the fixture sets --------------------------------------------------------------


def test_enough_bad_fixtures_and_every_rule_proven():
    assert len(BAD) >= 45
    proven = Counter(proof_of(p)["rule"] for p in BAD)
    assert set(RULES) <= set(proven), sorted(set(RULES) - set(proven))
    assert all(proof_of(p).get("rule") is None for p in GOOD)


# --- the linter's verdict ------------------------------------------------------------


@pytest.fixture(scope="module")
def verdicts() -> dict[str, Counter]:
    findings, broken = lint_paths([str(PROOFS)], mode="sdk")
    assert not broken
    got: dict[str, Counter] = {}
    for f in findings:
        got.setdefault(pathlib.Path(f.path).resolve().name + pathlib.Path(f.path).parent.name, Counter())[
            (f.rule, f.line)] += 1
    return got


def _key(path: pathlib.Path) -> str:
    return path.name + path.parent.name


@pytest.mark.parametrize("path", [p for p in BAD if proof_of(p).get("mode") != "server"], ids=lambda p: p.stem)
def test_bad_fixture_verdict(path, verdicts):
    marks = expected(path)
    assert any(rule == proof_of(path)["rule"] for rule, _ in marks), "the fixture must mark its own rule"
    assert verdicts.get(_key(path), Counter()) == marks


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_good_fixture_verdict(path, verdicts):
    assert verdicts.get(_key(path), Counter()) == Counter()


SERVER_DECIDED = [p for p in BAD if proof_of(p).get("mode") == "server"]


@pytest.mark.parametrize("path", [*SERVER_DECIDED, GOOD[0]], ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_server_check_verdict(path, inngest_server):
    """What only the server can decide, through the kit's `server_check` (the real server's words)."""
    findings = server_check(str(path), server_url=inngest_server.url)
    assert Counter((f.rule, f.line) for f in findings) == expected(path)
    if path in SERVER_DECIDED:
        assert all(proof_of(path)["error"] in f.message for f in findings), findings


# --- the runtime: what the SDK and the server do with each fixture -----------------------


def _run_proof(path: pathlib.Path, api: InngestAPI) -> None:
    proof = proof_of(path)
    bad = path.parent.name == "bad"
    kind = proof["kind"]
    if kind == "import":
        if bad:
            with pytest.raises(BaseException) as info:  # noqa: B017 - the SDK's own error, whatever its class
                load(path)
            assert proof["error"] in f"{type(info.value).__name__}: {info.value}", info.value
        else:
            assert lint_sdk.functions_in(load(path))
        return
    if kind in ("sign", "unsigned"):
        saved = dict(os.environ)
        try:
            if kind == "unsigned":  # production as deployed: a signing key, no INNGEST_DEV
                os.environ.pop("INNGEST_DEV", None)
                os.environ["INNGEST_SIGNING_KEY"] = "signkey-prod-" + "ab" * 32
            module = load(path)
        finally:  # a fixture that writes a key into the environment must not leak it into other tests
            os.environ.clear()
            os.environ.update(saved)
        return _sign_proof(path, module, proof)
    module = load(path)
    app_id = client_of(module).app_id
    served = serve(module, api)
    try:
        resp = served.http.put("/api/inngest")
        record = app_record(api, app_id)
        registered = api.function_slugs() & slugs_of(module)
        if kind == "sync" and bad:
            said = resp.text + " " + ((record or {}).get("error") or "")
            # The dev server pings an app whose sync failed every poll interval, even with
            # --no-poll (pkg/devserver/service.go:345-362), and a ping that times out on a busy
            # machine overwrites the record's error with "unreachable" until the next ping
            # re-registers it (seen once in CI). Give the server's own reason that long to return.
            deadline = time.monotonic() + 12
            while proof["error"] not in said and time.monotonic() < deadline:
                time.sleep(0.2)
                said = resp.text + " " + ((app_record(api, app_id) or {}).get("error") or "")
            assert proof["error"] in said, said
            assert registered == set(), "a refused app must have no function registered"
            return
        assert resp.status_code == 200 and resp.json().get("status", 200) == 200, resp.text
        assert registered == slugs_of(module), (registered, record)
        if kind == "config":
            _config_proof(api, module, proof, bad)
        elif kind == "run":
            _run_event(api, module, proof)
    finally:
        served.stop()
        api.delete_app(app_id)


def _config_proof(api: InngestAPI, module, proof: dict, bad: bool) -> None:
    fn = lint_sdk.functions_in(module)[0]
    config = next(f for f in api.functions() if f["slug"] == fn.id)["config"]
    config = json.loads(config) if isinstance(config, str) else config
    value = config
    for key in proof["path"]:
        value = value.get(key) if isinstance(value, dict) else value[key] if isinstance(value, list) else None
    assert value == proof["value"], json.dumps(config)[:2000]


def _run_event(api: InngestAPI, module, proof: dict) -> None:
    since = now_rfc3339()
    event_id = api.send(proof["event"], proof.get("data", {"id": unique("lint")}))
    run = api.run_for_event(event_id, timeout_s=30)
    if proof["status"] == "RUNNING":  # a run that never ends: watch its side effect grow, then stop it
        name, count = proof["ledger_at_least"]
        deadline = time.monotonic() + 30
        while len(getattr(module, name)) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        still = api.run(run.id)
        api.cancel(run.id)
        assert len(getattr(module, name)) >= count
        assert still is not None and still.status in ("RUNNING", "QUEUED"), still
        return
    done = api.wait_for_run(run.id, proof["status"], timeout_s=proof.get("timeout_s", 30))
    if "output" in proof:
        assert done.output == proof["output"]
    if "output_has" in proof:
        assert proof["output_has"] in json.dumps(done.output), done.output
    if "ledger" in proof:
        name, count = proof["ledger"]
        assert len(getattr(module, name)) == count, getattr(module, name)
    if "events" in proof:
        name, count = proof["events"]
        deadline = time.monotonic() + 5
        while len(api.events(name, since=since)) < count and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(0.5)  # an extra event would show by now
        assert len(api.events(name, since=since)) == count
    if "max_s" in proof:
        took = (datetime.fromisoformat(done.ended_at) - datetime.fromisoformat(done.started_at)).total_seconds()
        assert took < proof["max_s"], took


def _sign_proof(path: pathlib.Path, module, proof: dict) -> None:
    """Whoever reads the source can call the app: a request signed with the key from the
    file runs the function; the same request unsigned is refused."""
    unsigned = proof["kind"] == "unsigned"  # the app accepts calls nobody signed
    key = None if unsigned else re.search(r"signkey-[a-z]+-[0-9a-f]+", path.read_text()).group(0)
    fn = lint_sdk.functions_in(module)[0]
    app = fastapi.FastAPI()
    inngest.fast_api.serve(app, client_of(module), [fn])
    served = UnsyncedApp(app, api=None, expected_functions=set()).start()  # type: ignore[arg-type]
    try:
        event = {"name": proof["event"], "data": {}, "id": "01JLINTEVENT0000000000000", "ts": 0}
        body = json.dumps({
            "ctx": {"attempt": 0, "disable_immediate_execution": False, "run_id": "01JLINTRUN000000000000000",
                    "stack": {"stack": []}},
            "event": event, "events": [event], "steps": {}, "use_api": False,
        }).encode()
        url = f"{served.url}/api/inngest?fnId={fn.id}&stepId=step"
        headers = {"content-type": "application/json"}
        if unsigned:
            ran = httpx.post(url, content=body, headers=headers, timeout=10)
            assert ran.status_code in (200, 206), ran.text
            assert module.calls == ["ran"]
            return
        refused = httpx.post(url, content=body, headers=headers, timeout=10)
        assert refused.status_code == 401
        assert module.calls == []
        signed = httpx.post(url, content=body, headers={**headers, "x-inngest-signature": net.sign_request(body, key)},
                            timeout=10)
        assert signed.status_code in (200, 206), signed.text
        assert module.calls == ["ran"]
    finally:
        served.stop()


@pytest.mark.parametrize("path", [p for p in BAD + GOOD if proof_of(p)["kind"] in ("import", "sign", "unsigned")],
                         ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_runtime_without_a_server(path):
    _run_proof(path, api=None)  # type: ignore[arg-type]


@pytest.mark.parametrize("path", [p for p in BAD + GOOD if proof_of(p)["kind"] not in ("import", "sign", "unsigned")],
                         ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_runtime_against_the_server(path, inngest_api):
    _run_proof(path, inngest_api)


def test_server_check_reports_an_app_that_does_not_start(inngest_server):
    findings = server_check(str(PROOFS / "bad" / "inn007_errors_module.py"), server_url=inngest_server.url)
    assert [(f.rule, f.line) for f in findings] == [("INN100", 1)]
    assert "No module named 'inngest.errors'" in findings[0].message
