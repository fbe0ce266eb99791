"""The server decides: sync an app against a throwaway real Inngest server and report
what it refuses (INN110) or registers differently from what the app sent (INN111).

`server_check("pkg.module:app")` or `server_check("path/to/functions.py")` starts a dev
server on free loopback ports (the kit's pinned binary), serves the app in a child
process pointed at it (INNGEST_DEV=<server url>), PUTs the serve endpoint as a deploy
does, and reads the verdict from three places: the sync's answer (HTTP 200 can carry
`"status": 400` in its body), the server's record of the app (`apps { error }`), and the
functions the server registered (`functions { config }`). Nothing is hand-copied: every
message is the server's own.

The kit's `check` command reuses this function; `inngest-lint --server` calls it per file.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from .rules import Finding

APPS = "query { apps { name error functionCount } }"
FUNCTIONS = "query { functions { slug config } }"


def server_check(app_import_path: str, *, server_url: str | None = None, serve_path: str = "/api/inngest",
                 timeout_s: float = 60.0) -> list[Finding]:
    """Findings the real server gives for one app. Starts (and stops) a dev server unless
    `server_url` names a running one. An app that cannot even start is one INN100 finding."""
    if server_url is None:
        from ..server import DevServer, build

        with DevServer(build()) as server:
            return server_check(app_import_path, server_url=server.url, serve_path=serve_path, timeout_s=timeout_s)
    try:
        return _check_against(app_import_path, server_url, serve_path, timeout_s)
    except ServeError as err:
        where = app_import_path.partition(":")[0] if ".py" in app_import_path else app_import_path
        return [Finding(where, 1, 1, "INN100", f"the app does not start: {err}", "run it once: the error names the line")]


def server_check_files(paths: list[str]) -> tuple[list[Finding], list[str]]:
    """`inngest-lint --server`: every file that defines Inngest functions, against one server."""
    from ..server import DevServer, build

    findings: list[Finding] = []
    notes: list[str] = []
    candidates = [p for p in paths if "create_function" in Path(p).read_text(encoding="utf-8", errors="replace")]
    if not candidates:
        return findings, notes
    server = DevServer(build())
    server.start()
    try:
        for path in candidates:
            try:
                findings += _check_against(path, server.url, "/api/inngest", 60.0)
            except ServeError as err:
                notes.append(f"{path}: not synced: {err}")
    finally:
        server.stop()
    return findings, notes


class ServeError(RuntimeError):
    pass


def _check_against(target: str, server_url: str, serve_path: str, timeout_s: float) -> list[Finding]:
    from ..server import free_port

    port = free_port()
    kit_root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "INNGEST_DEV": server_url,
           "PYTHONPATH": os.pathsep.join(p for p in (kit_root, os.environ.get("PYTHONPATH", "")) if p)}
    for key in ("INNGEST_SIGNING_KEY", "INNGEST_EVENT_KEY", "INNGEST_BASE_URL", "INNGEST_API_BASE_URL",
                "INNGEST_EVENT_API_BASE_URL"):
        env.pop(key, None)  # the throwaway server, never a real environment
    with tempfile.TemporaryDirectory(prefix="inngest-lint-") as tmp:
        manifest_path = Path(tmp, "manifest.json")
        log_path = Path(tmp, "serve.log")
        with open(log_path, "wb") as log:
            proc = subprocess.Popen([sys.executable, "-m", "inngest_kit.lint.serve", target, str(port),
                                     str(manifest_path)], env=env, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL)
        try:
            resp = _sync(proc, port, serve_path, timeout_s, log_path)
            manifest = json.loads(manifest_path.read_text())
            return _verdict(resp, manifest, server_url, target)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _sync(proc: subprocess.Popen, port: int, serve_path: str, timeout_s: float, log_path: Path) -> httpx.Response:
    deadline = time.monotonic() + timeout_s
    url = f"http://127.0.0.1:{port}{serve_path}"
    while True:
        if proc.poll() is not None:
            tail = log_path.read_text(errors="replace").strip().splitlines()[-5:]
            raise ServeError(f"the app exited ({proc.returncode}): {' | '.join(tail)}")
        try:
            return httpx.put(url, timeout=30)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise ServeError(f"the app did not answer on {url} within {timeout_s} s") from None
            time.sleep(0.1)


def _gql(server_url: str, query: str) -> dict:
    resp = httpx.post(f"{server_url}/v0/gql", json={"query": query}, timeout=10)
    resp.raise_for_status()
    return resp.json().get("data") or {}


def _verdict(resp: httpx.Response, manifest: dict, server_url: str, target: str) -> list[Finding]:
    functions = manifest["functions"]
    where = functions[0] if functions else {"file": target, "line": 1, "id": "?"}
    try:
        body = resp.json()
    except ValueError:
        body = {"error": resp.text[:500]}
    record = next((a for a in _gql(server_url, APPS).get("apps") or [] if a["name"] == manifest["app_id"]), None)
    refused = resp.status_code != 200 or (isinstance(body, dict) and body.get("status", 200) != 200)
    if refused or (record and record.get("error")):
        said = "; ".join(dict.fromkeys(m for m in (
            (body.get("error") if isinstance(body, dict) else None), (record or {}).get("error")) if m))
        named = [f for f in functions if f["id"] in said or f"'{f['local_id']}'" in said] or [where]
        return [Finding(f["file"], f["line"], 1, "INN110",
                        f"the server refuses to register the app (HTTP {resp.status_code}, "
                        f"status {body.get('status') if isinstance(body, dict) else '?'}): {said or resp.text[:300]}",
                        "fix what the server names; no function of the app is registered until then")
                for f in named]
    registered = {f["slug"]: f["config"] for f in _gql(server_url, FUNCTIONS).get("functions") or []}
    findings = []
    for fn in functions:
        if fn["id"] not in registered:
            findings.append(Finding(fn["file"], fn["line"], 1, "INN110",
                                    f"function `{fn['local_id']}` is not registered although the sync answered 200",
                                    "look at the server's log of the sync"))
            continue
        config = registered[fn["id"]]
        config = json.loads(config) if isinstance(config, str) else config
        for path, sent, kept in _changes(fn.get("sent"), config):
            findings.append(Finding(fn["file"], fn["line"], 1, "INN111",
                                    f"function `{fn['local_id']}`: the app sent {path} = {json.dumps(sent)}, the server "
                                    f"registered {json.dumps(kept)}", f"write {json.dumps(kept)}"))
    return findings


def _changes(sent: dict | None, registered: dict) -> list[tuple[str, object, object]]:
    """Leaves of the config the app sent whose registered value differs. Only fields the
    server stores under the same name are compared; the step's URL is the server's own."""
    out: list[tuple[str, object, object]] = []
    if not sent:
        return out
    sent_steps = list((sent.get("steps") or {}).values())
    reg_steps = registered.get("steps") or []
    for s, r in zip(sent_steps, reg_steps, strict=False):
        sent_attempts = (s.get("retries") or {}).get("attempts")
        kept = (r.get("retries") or {}).get("attempts") if isinstance(r.get("retries"), dict) else r.get("retries")
        if sent_attempts is not None and kept != sent_attempts:
            out.append(("retries", sent_attempts, kept))
    for key in ("concurrency", "throttle", "rateLimit", "debounce", "batchEvents", "priority", "timeouts",
                "singleton", "cancel", "idempotency"):
        if key in sent and sent[key] is not None and key in registered:
            _diff(key, sent[key], registered[key], out)
    return out


def _diff(path: str, sent: object, kept: object, out: list) -> None:
    if isinstance(sent, dict) and isinstance(kept, dict):
        for k, v in sent.items():
            if v is not None and k in kept:
                _diff(f"{path}.{k}", v, kept[k], out)
    elif isinstance(sent, list) and isinstance(kept, list):
        # The server may reorder entries (keyed concurrency limits first): match each sent
        # entry to a registered one that agrees on every field it sent.
        unmatched = list(kept)
        for i, item in enumerate(sent):
            match = next((k for k in unmatched if not _leaves(item, k)), None)
            if match is not None:
                unmatched.remove(match)
            elif len(sent) == len(kept):
                _diff(f"{path}[{i}]", item, kept[i], out)
            else:
                out.append((f"{path}[{i}]", item, None))
    elif not _same(sent, kept):
        out.append((path, sent, kept))


def _leaves(sent: object, kept: object) -> list:
    found: list = []
    _diff("", sent, kept, found)
    return found


DURATION = re.compile(r"^(\d+)([smhdw])$")
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def _same(sent: object, kept: object) -> bool:
    """Equal, or the same text in another case ("fn"/"Fn"), or the same duration ("24h"/"1d")."""
    if sent == kept:
        return True
    if isinstance(sent, str) and isinstance(kept, str):
        if sent.strip().lower() == kept.strip().lower():
            return True
        a, b = DURATION.match(sent.strip()), DURATION.match(kept.strip())
        if a and b:
            return int(a[1]) * SECONDS[a[2]] == int(b[1]) * SECONDS[b[2]]
    return False
