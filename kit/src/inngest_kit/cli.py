"""`inngest-kit`: prove an Inngest app against the real server, from the command line.

  inngest-kit check APP                  does every function register as written? (throwaway server)
  inngest-kit run APP --event NAME ...   send an event, follow the run, print its tree
  inngest-kit runs [--url URL]           recent runs on a running server
  inngest-kit trace RUN_ID [--url URL]   one run's tree on a running server
  inngest-kit dev [--fast] [--port P]    a dev server on loopback until Ctrl-C
  inngest-kit server which|build|path|version   the Inngest server binary
  inngest-kit lint [--static|--server] PATH...   inngest-lint: what the SDK and server would reject

APP is an import path, "package.module:app" (the FastAPI app), importable from
the current directory (or --app-dir). `inngest-kit COMMAND --help` for details.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator

from . import server as server_tools
from .api import TERMINAL, InngestAPI, InngestAPIError
from .check import ServerUnavailable, check, connect, prepare_app, server_for

EXIT_OK, EXIT_FOUND, EXIT_USAGE, EXIT_APP, EXIT_SERVER = 0, 1, 2, 3, 4
EXIT_CODES = f"""exit codes:
  {EXIT_OK}  success
  {EXIT_FOUND}  the check found errors / the run did not complete (failed, cancelled, timed out)
  {EXIT_USAGE}  usage error
  {EXIT_APP}  the app does not import, serve or register
  {EXIT_SERVER}  no Inngest server: none answers at --url, the port is busy, or the binary is missing
"""
DEFAULT_URL = "http://127.0.0.1:8288"


class CliError(Exception):
    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def _default_url() -> str:
    dev = os.environ.get("INNGEST_DEV", "")
    return dev if dev.startswith("http") else DEFAULT_URL


def _env_pairs(pairs: list[str]) -> dict[str, str]:
    env = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise CliError(f"--env {pair!r}: use NAME=VALUE", EXIT_USAGE)
        env[key] = value
    return env


def _json_arg(text: str, what: str) -> dict:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise CliError(f"{what} is not JSON: {exc}", EXIT_USAGE) from None
    if not isinstance(value, dict):
        raise CliError(f"{what} must be a JSON object, got {text!r}", EXIT_USAGE)
    return value


def _connect(url: str) -> InngestAPI:
    try:
        return connect(url)
    except ServerUnavailable as exc:
        raise CliError(str(exc), EXIT_SERVER) from None


@contextlib.contextmanager
def _server(args: argparse.Namespace) -> Iterator[tuple[InngestAPI, Callable[[], None]]]:
    try:
        with server_for(url=args.url, port=args.port) as (api, ready):

            def checked_ready() -> None:
                try:
                    ready()
                except ServerUnavailable as exc:
                    raise CliError(str(exc), EXIT_SERVER) from None

            yield api, checked_ready
    except ServerUnavailable as exc:
        raise CliError(str(exc), EXIT_SERVER) from None


def _prepare_app(args: argparse.Namespace, api: InngestAPI) -> None:
    prepare_app(args.app, api.base_url, env=_env_pairs(args.env), app_dir=args.app_dir)


# -- commands -------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    try:
        report = check(args.app, url=args.url, port=args.port, env=_env_pairs(args.env), app_dir=args.app_dir)
    except ServerUnavailable as exc:
        raise CliError(str(exc), EXIT_SERVER) from None
    if report.registration is None and report.errors:  # it did not import or serve
        raise CliError(report.errors[0], EXIT_APP)
    if args.json:
        print(json.dumps({"ok": report.ok, "errors": report.errors, "functions": report.functions,
                          "changes": [vars(c) for c in report.changes],
                          "app_id": report.registration.app_id if report.registration else None}, indent=2))
    else:
        print(report.render())
    return EXIT_OK if report.ok else EXIT_FOUND


def _wait_until_step(api: InngestAPI, run_id: str, step: str, timeout_s: float) -> None:
    """Until the run's step `step` waits (a wait_for_event is WAITING, a sleep RUNNING)."""
    deadline = time.monotonic() + timeout_s
    while True:
        for s in api.steps(run_id):
            if s.name == step and s.status in ("WAITING", "RUNNING"):
                return
        record = api.run(run_id)
        if record is not None and record.status in TERMINAL:
            raise CliError(f"the run ended {record.status} before step {step!r} waited\n{api.describe(run_id)}",
                           EXIT_FOUND)
        if time.monotonic() > deadline:
            raise CliError(f"step {step!r} did not start waiting within {timeout_s} s\n{api.describe(run_id)}",
                           EXIT_FOUND)
        time.sleep(0.1)


def _finish(api: InngestAPI, run_id: str, timeout_s: float) -> str:
    deadline = time.monotonic() + timeout_s
    while True:
        record = api.run(run_id)
        if record is not None and record.status in TERMINAL:
            with contextlib.suppress(InngestAPIError):
                api.wait_for_run(run_id, record.status, timeout_s=5)  # lets the trace settle
            return record.status
        if time.monotonic() > deadline:
            return "TIMED OUT"
        time.sleep(0.1)


def cmd_run(args: argparse.Namespace) -> int:
    from .apps import AppImportError, ServedApp, load_app
    from .check import RegistrationError
    from .trace import render_run

    data = _json_arg(args.data, "--data")
    later = [(name, _json_arg(payload, f"--then-send {name}")) for name, payload in args.then_send or []]
    waits = args.when_waiting or []
    if len(waits) != len(later):
        raise CliError("give one --when-waiting STEP for each --then-send NAME JSON", EXIT_USAGE)
    with _server(args) as (api, ready):
        _prepare_app(args, api)
        ready()
        try:
            module, app = load_app(args.app)
        except AppImportError as exc:
            raise CliError(str(exc), EXIT_APP) from None
        served = ServedApp(app, api, set(), module_name=module.__name__)
        try:
            served.start()
        except RegistrationError as exc:
            raise CliError(str(exc), EXIT_APP) from None
        try:
            event_id = api.send(args.event, data)
            try:
                runs = api.runs_for_event(event_id, timeout_s=args.start_timeout)
            except InngestAPIError:
                triggers = sorted({t["value"] for f in api.functions() for t in f.get("triggers") or []})
                raise CliError(f"event {args.event!r} started no run; the registered triggers are: {triggers}",
                               EXIT_FOUND) from None
            if args.function:
                runs = [r for r in runs if (r.function_slug or "").endswith(args.function)]
                if not runs:
                    raise CliError(f"event {args.event!r} started no run of {args.function!r}", EXIT_FOUND)
            first = runs[0].id
            for (name, payload), step in zip(later, waits, strict=True):
                _wait_until_step(api, first, step, args.timeout)
                api.send(name, payload)
                print(f"sent {name} {json.dumps(payload)} once {step!r} was waiting")
            code = EXIT_OK
            for run in runs:
                status = _finish(api, run.id, args.timeout)
                print(render_run(api, run.id))
                if status != "COMPLETED":
                    print(f"run {run.id} {status.lower()}" + (f" after {args.timeout} s" if status == "TIMED OUT" else ""))
                    code = EXIT_FOUND
            return code
        finally:
            served.stop()


def cmd_runs(args: argparse.Namespace) -> int:
    api = _connect(args.url or _default_url())
    try:
        rows = api.recent_runs(args.limit)
    finally:
        api.close()
    if not rows:
        print("no runs")
    for r in rows:
        slug = (r.get("function") or {}).get("slug")
        print(f"{r['id']}  {r['status']:<9}  {r.get('queuedAt')}  {slug}  ({r.get('eventName') or '-'})")
    return EXIT_OK


def cmd_trace(args: argparse.Namespace) -> int:
    from .trace import read_run, render

    api = _connect(args.url or _default_url())
    try:
        view = read_run(api, args.run_id)
        if view is None:
            print(f"the server at {api.base_url} has no run {args.run_id}", file=sys.stderr)
            return EXIT_FOUND
        print(render(view))
    finally:
        api.close()
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    top = argparse.ArgumentParser(prog="inngest-kit", description=__doc__, formatter_class=fmt, epilog=EXIT_CODES)
    sub = top.add_subparsers(dest="command", metavar="COMMAND")

    def app_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("app", metavar="APP", help='the app, "package.module:app"')
        p.add_argument("--app-dir", default=".", help="where APP's package is (default: the current directory)")
        p.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                       help="set in the environment before the app is imported (e.g. short durations your settings read)")
        p.add_argument("--url", help="use the server running at URL instead of a throwaway one")
        p.add_argument("--port", type=int, help="port of the throwaway server (default: a free one)")

    check = sub.add_parser(
        "check", formatter_class=fmt, epilog=EXIT_CODES,
        help="import the app, sync it with a throwaway server, list what registered and every error",
        description="Import APP, serve it on a free port, sync it with a throwaway Inngest dev server and "
        "print which functions registered and every error the SDK or the server reported, including "
        "configs the server refuses while the sync answers HTTP 200 (e.g. a debounce period over 7 days), and "
        "every config the server registers differently from what the app sent (e.g. retries it lowers to its cap).")
    app_options(check)
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.set_defaults(func=cmd_check)

    run = sub.add_parser(
        "run", formatter_class=fmt, epilog=EXIT_CODES,
        help="send an event to the app, follow the run, print its tree",
        description="Serve APP against a throwaway server, send --event, optionally send later events once a "
        "named step waits, wait for the run and print its tree: steps in order, attempts, outputs, errors, "
        "sleeps and waits with their times, events sent, final status and output.")
    app_options(run)
    run.add_argument("--event", required=True, metavar="NAME", help="the event that starts the run")
    run.add_argument("--data", default="{}", metavar="JSON", help="its data (a JSON object)")
    run.add_argument("--then-send", nargs=2, action="append", metavar=("NAME", "JSON"),
                     help="send this event later, once the step of the matching --when-waiting waits (repeatable)")
    run.add_argument("--when-waiting", action="append", metavar="STEP",
                     help="the step id whose wait (or sleep) triggers the matching --then-send")
    run.add_argument("--function", metavar="SLUG", help="follow only this function's run (a slug suffix)")
    run.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for a step or the run (default 60)")
    run.add_argument("--start-timeout", type=float, default=10.0, help=argparse.SUPPRESS)
    run.set_defaults(func=cmd_run)

    runs = sub.add_parser("runs", formatter_class=fmt, epilog=EXIT_CODES, help="list recent runs on a running server")
    runs.add_argument("--url", help=f"the server (default: INNGEST_DEV if it is a URL, else {DEFAULT_URL})")
    runs.add_argument("--limit", type=int, default=20)
    runs.set_defaults(func=cmd_runs)

    trace = sub.add_parser("trace", formatter_class=fmt, epilog=EXIT_CODES, help="print one run's tree")
    trace.add_argument("run_id", metavar="RUN_ID")
    trace.add_argument("--url", help=f"the server (default: INNGEST_DEV if it is a URL, else {DEFAULT_URL})")
    trace.set_defaults(func=cmd_trace)

    # Server management lives in server.py; listed here for --help.
    sub.add_parser("dev", help="run a dev server on 127.0.0.1:8288 until Ctrl-C (inngest-kit dev --help)", add_help=False)
    sub.add_parser("server", help="the pinned server binary: build, path, version", add_help=False)
    return top


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["server"]:
        return server_tools.main(args[1:])
    if args[:1] == ["dev"]:
        return server_tools.main(args, prog="inngest-kit")
    if args[:1] == ["lint"]:
        from .lint.cli import main as lint_main

        return lint_main(args[1:], prog="inngest-kit lint")
    top = parser()
    parsed = top.parse_args(args)
    if not getattr(parsed, "func", None):
        top.print_help()
        return EXIT_USAGE
    try:
        return parsed.func(parsed)
    except CliError as exc:
        print(f"inngest-kit {parsed.command}: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
