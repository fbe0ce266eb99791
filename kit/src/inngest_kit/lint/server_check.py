"""The server decides: sync an app against a throwaway real Inngest server and report
what it refuses (INN110) or registers differently from what the app sent (INN111).

`server_check("pkg.module:app")` or `server_check("path/to/functions.py")` runs the kit's
check (inngest_kit.check): a throwaway dev server (or the one at `server_url`), the sync,
the server's verdict (a Registration) and the sent-vs-registered config comparison. What
is the linter's own: the app is served in a child process (`inngest_kit.lint.serve`), so
linting never imports user code into this process, and each part of the verdict becomes
a Finding on the line of the function it names. Every message is the server's own.

`inngest-lint --server` calls `server_check_files` (one server for all files).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import httpx

from ..api import InngestAPI
from ..apps import ServedProcess
from ..check import Registration, config_changes, server_for, sync_app
from .rules import Finding
from .serve import MANIFEST_VARIABLE, TARGET_VARIABLE


def server_check(app_import_path: str, *, server_url: str | None = None, timeout_s: float = 60.0) -> list[Finding]:
    """Findings the real server gives for one app. Starts (and stops) a dev server unless
    `server_url` names a running one. An app that cannot even start is one INN100 finding."""
    with server_for(url=server_url) as (api, ready):
        ready()
        try:
            return _check_against(app_import_path, api, timeout_s)
        except ServeError as err:
            where = app_import_path.partition(":")[0] if ".py" in app_import_path else app_import_path
            return [Finding(where, 1, 1, "INN100", f"the app does not start: {err}",
                            "run it once: the error names the line")]


def server_check_files(paths: list[str]) -> tuple[list[Finding], list[str]]:
    """`inngest-lint --server`: every file that defines Inngest functions, against one server."""
    findings: list[Finding] = []
    notes: list[str] = []
    candidates = [p for p in paths if "create_function" in Path(p).read_text(encoding="utf-8", errors="replace")]
    if not candidates:
        return findings, notes
    with server_for() as (api, ready):
        ready()
        for path in candidates:
            try:
                findings += _check_against(path, api, 60.0)
            except ServeError as err:
                notes.append(f"{path}: not synced: {err}")
    return findings, notes


class ServeError(RuntimeError):
    pass


def _check_against(target: str, api: InngestAPI, timeout_s: float) -> list[Finding]:
    kit_root = str(Path(__file__).resolve().parents[2])
    with tempfile.TemporaryDirectory(prefix="inngest-lint-") as tmp:
        manifest_path = Path(tmp, "manifest.json")
        served = ServedProcess("inngest_kit.lint.serve:app", api, set(),
                               pythonpath=[p for p in (kit_root, *os.environ.get("PYTHONPATH", "").split(os.pathsep)) if p],
                               env={TARGET_VARIABLE: target, MANIFEST_VARIABLE: str(manifest_path)},
                               log_path=str(Path(tmp, "serve.log")))
        try:
            try:
                served.start(sync=False, timeout_s=timeout_s)
            except RuntimeError:
                tail = served.log_tail(5).strip().splitlines()
                raise ServeError(f"the app did not start ({served.proc.poll()}): {' | '.join(tail)}") from None
            manifest = json.loads(manifest_path.read_text())
            with httpx.Client(base_url=served.url, timeout=30) as http:
                registration = sync_app(http, api, timeout_s=timeout_s)
            return _verdict(registration, manifest, api, target)
        finally:
            served.stop()


def _verdict(registration: Registration, manifest: dict, api: InngestAPI, target: str) -> list[Finding]:
    functions = manifest["functions"]
    where = functions[0] if functions else {"file": target, "line": 1, "id": "?"}
    if not registration.ok:
        said = "; ".join(registration.errors)
        named = [f for f in functions if f["id"] in said or f"'{f['local_id']}'" in said] or [where]
        return [Finding(f["file"], f["line"], 1, "INN110", f"the server refuses to register the app: {said}",
                        "fix what the server names; no function of the app is registered until then")
                for f in named]
    findings = [Finding(fn["file"], fn["line"], 1, "INN110",
                        f"function `{fn['local_id']}` is not registered although the sync answered 200",
                        "look at the server's log of the sync")
                for fn in functions if fn["id"] not in registration.functions]
    by_id = {fn["id"]: fn for fn in functions}
    sent = {fn["id"]: fn["sent"] for fn in functions if fn["sent"] and fn["id"] in registration.functions}
    for change in config_changes(api, sent):
        fn = by_id[change.function]
        findings.append(Finding(fn["file"], fn["line"], 1, "INN111", f"function `{fn['local_id']}`: {change.describe()}",
                                f"write {json.dumps(change.registered)}"))
    return findings
