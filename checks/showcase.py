"""See it run: the Inngest dev server and every example, synced, until Ctrl-C.

    .venv/bin/python -m checks.showcase                 # server on 127.0.0.1:8288 (a free port if taken)
    .venv/bin/python -m checks.showcase --port 0        # server on a free port
    .venv/bin/python -m checks.showcase --exit-after 5  # stop by itself after 5 s (what the test does)

Each example is served in this process (uvicorn in a thread, on its own port)
and synced with the server. The table lists each example's URL, the endpoints to
try (read from its FastAPI routes) and its functions. The server built from the
Go module has no web UI, so the end of the output shows where to look instead:
the GraphQL endpoint and, per function, a curl that lists its runs.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shlex
import signal
import socket
import sys
import time
from dataclasses import dataclass, field

from inngest_kit import server as server_tools
from inngest_kit.api import InngestAPI, now_rfc3339
from inngest_kit.apps import SERVE_PATH, ServedApp

from . import catalog

HIDDEN_ROUTES = {SERVE_PATH, "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
RUNS_QUERY = (
    "query ($from: Time!, $fn: [UUID!]) { runs(first: 20, filter: {from: $from, functionIDs: $fn}, "
    "orderBy: [{field: QUEUED_AT, direction: DESC}]) { edges { node { id status startedAt endedAt } } } }"
)


@dataclass
class Shown:
    name: str
    url: str = ""
    endpoints: list[str] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)  # slugs
    error: str | None = None
    served: ServedApp | None = None


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def endpoints(app) -> list[str]:
    out = []
    for route in getattr(app, "routes", []):
        path = getattr(route, "path", "")
        methods = sorted((getattr(route, "methods", None) or set()) - {"HEAD", "OPTIONS"})
        if path in HIDDEN_ROUTES or not methods:
            continue
        out.append(f"{'/'.join(methods)} {path}")
    return out


def slugs(module) -> list[str]:
    out = []
    for fn in module.functions:
        out.append(fn.id)
        if fn.on_failure_fn_id:
            out.append(fn.on_failure_fn_id)
    return out


def runs_payload(function_uuid: str, since: str) -> dict:
    """The GraphQL request that lists a function's latest runs (what the printed curl sends)."""
    return {"query": RUNS_QUERY, "variables": {"from": since, "fn": [function_uuid]}}


def runs_curl(server_url: str, function_uuid: str, since: str) -> str:
    body = json.dumps(runs_payload(function_uuid, since), separators=(",", ":"))
    return f"curl -s {server_url}/v0/gql -H 'Content-Type: application/json' -d {shlex.quote(body)}"


def table(rows: list[list[list[str]]], headers: list[str]) -> str:
    """A plain-text table whose cells may hold several lines."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max([widths[i], *(len(x) for x in cell)])
    line = "-+-".join("-" * w for w in widths)
    out = [" | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)), line]
    for row in rows:
        height = max(len(c) for c in row) or 1
        for k in range(height):
            out.append(" | ".join((c[k] if k < len(c) else "").ljust(w) for c, w in zip(row, widths, strict=True)))
        out.append(line)
    return "\n".join(out)


def start_all(api: InngestAPI, names: list[str], log=print) -> list[Shown]:
    shown = []
    for name in names:
        item = Shown(name)
        try:
            module = importlib.import_module(f"examples.{name}.main")
            item.endpoints = endpoints(module.app)
            item.functions = slugs(module)
            item.served = ServedApp(module.app, api, set(item.functions), package=f"examples.{name}").start()
            item.url = item.served.url
            log(f"  synced {name:28} {item.url}  ({len(item.functions)} functions)")
        except Exception as exc:  # one broken example must not hide the others
            item.error = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
            log(f"  FAILED {name:28} {item.error}")
        shown.append(item)
    return shown


def report(server: server_tools.DevServer, api: InngestAPI, shown: list[Shown], since: str) -> str:
    rows = []
    for s in shown:
        eps = [f"{e.split(' ', 1)[0]} {s.url}{e.split(' ', 1)[1]}" for e in s.endpoints] if s.url else []
        rows.append([[s.name], [s.url or "NOT RUNNING"], eps or ([s.error] if s.error else ["-"]),
                     s.functions or ["-"]])
    ok = [s for s in shown if s.error is None]
    out = [
        "",
        table(rows, ["example", "app URL", "endpoints to try", "functions (slug)"]),
        "",
        f"{len(ok)}/{len(shown)} examples synced with the Inngest dev server {server_tools.PINNED_TAG} at {server.url}",
        "",
        "Where to look (this server build has no web UI):",
        f"  GraphQL endpoint: POST {server.url}/v0/gql  (the queries the tests use: kit/src/inngest_kit/api.py)",
        f"  registered functions: curl -s {server.url}/v0/gql -H 'Content-Type: application/json' "
        f"-d '{{\"query\":\"{{ functions {{ slug url }} }}\"}}'",
        f"  server log: {server.log_path}",
        "",
        "Runs of each function (latest 20):",
    ]
    ids = {f["slug"]: f for f in api.functions()}
    uuid_of = {}
    for slug in sorted({fn for s in ok for fn in s.functions}):
        try:
            uuid_of[slug] = api.function_id(slug)
        except AssertionError:
            continue
    for s in ok:
        for slug in s.functions:
            if slug in uuid_of and slug in ids:
                out.append(f"  # {slug}")
                out.append(f"  {runs_curl(server.url, uuid_of[slug], since)}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8288,
                        help="dev server port (default 8288, the SDK default; a free one if taken; 0: any free port)")
    parser.add_argument("--exit-after", type=float, default=None, metavar="SECONDS",
                        help="stop after this many seconds instead of waiting for Ctrl-C")
    parser.add_argument("examples", nargs="*", help="only these examples (default: all)")
    args = parser.parse_args(argv)

    names = args.examples or [ex.name for ex in catalog.all_examples()]
    try:
        binary = server_tools.build()
    except server_tools.BuildError as exc:
        print(f"the Inngest server could not be built: {exc}", file=sys.stderr)
        return 1
    port = args.port if args.port and port_free(args.port) else server_tools.free_port()
    if args.port and port != args.port:
        print(f"port {args.port} is taken; using {port}")
    server = server_tools.DevServer(binary, port=port)
    # Example clients read INNGEST_DEV when they are created, at import: set it first.
    os.environ["INNGEST_DEV"] = server.url
    for key in ("INNGEST_SIGNING_KEY", "INNGEST_EVENT_KEY", "INNGEST_BASE_URL", "INNGEST_API_BASE_URL",
                "INNGEST_EVENT_API_BASE_URL", "INNGEST_ENV"):
        os.environ.pop(key, None)
    since = now_rfc3339(-60)
    shown: list[Shown] = []
    api = None

    def _terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # SIGTERM too runs the `finally`: no orphaned server

    signal.signal(signal.SIGTERM, _terminate)
    try:
        server.start()
        print(f"Inngest dev server {server_tools.PINNED_TAG} on {server.url} (ready in {server.started_in_s} s)")
        api = InngestAPI(server.url)
        print(f"serving and syncing {len(names)} examples ...")
        shown = start_all(api, names)
        print(report(server, api, shown, since))
        print("")
        if args.exit_after is not None:
            print(f"running for {args.exit_after:g} s (--exit-after) ...", flush=True)
            time.sleep(args.exit_after)
        else:
            print("Everything stays up until Ctrl-C.", flush=True)
            while server.proc and server.proc.poll() is None:
                time.sleep(0.5)
            print("the Inngest dev server stopped", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print("\nstopping ...")
    finally:
        for s in shown:
            if s.served is not None:
                s.served.stop()
        if api is not None:
            api.close()
        server.stop()
    return 0 if all(s.error is None for s in shown) else 1


if __name__ == "__main__":
    sys.exit(main())
