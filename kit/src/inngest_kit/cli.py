"""`inngest-kit`: prove an Inngest app against the real server, from the command line.

  inngest-kit check APP                  does every function register as written? (throwaway server)
  inngest-kit run APP --event NAME ...   send an event, follow the run, print its tree
      [--skip-time] [--stack]            ... timers skipped as the run reaches them (dev server or stack)
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
import dataclasses
import datetime
import json
import os
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator

from . import server as server_tools
from .api import TERMINAL, InngestAPI, InngestAPIError
from .check import ServerUnavailable, check, connect, prepare_app, server_for
from .timeskip import NoPendingTimer, add_cli_options

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


def _is_dev_server(url: str) -> bool:
    """Ask the server: `inngest dev` answers GET /dev with its start options, unauthenticated;
    `inngest start` refuses it (401) without the signing key."""
    import httpx

    try:
        resp = httpx.get(url.rstrip("/") + "/dev", timeout=5)
    except httpx.HTTPError:
        return False  # connect() already proved it answers; say nothing more here
    return resp.status_code == 200 and "startOpts" in resp.text


def _point_sdk_at_self_hosted(url: str, keys: dict[str, str], env: dict[str, str]) -> None:
    """Clients created from now on talk to the self-hosted server at `url` in production
    (cloud) mode: signed requests, the event key, this server's URLs instead of Inngest Cloud's."""
    for key in [k for k in os.environ if k.startswith("INNGEST_")]:
        del os.environ[key]
    os.environ.update({"INNGEST_API_BASE_URL": url, "INNGEST_EVENT_API_BASE_URL": url, **keys, **env})


def _self_hosted_api(url: str, signing_key: str, event_key: str) -> InngestAPI:
    from .production import SDK_KEY_PREFIX

    api = InngestAPI(url, event_key=event_key)
    api._http.headers["Authorization"] = f"Bearer {signing_key.removeprefix(SDK_KEY_PREFIX)}"
    return api


@dataclasses.dataclass
class RunTarget:
    """Where `inngest-kit run` runs the scenario."""

    api: InngestAPI
    ready: Callable[[], None]
    self_hosted: bool  # `inngest start` (cloud mode for the app) rather than `inngest dev`
    redis_uri: str | None = None
    app_keys: dict[str, str] = dataclasses.field(default_factory=dict)


@contextlib.contextmanager
def _run_target(args: argparse.Namespace) -> Iterator[RunTarget]:
    env = _env_pairs(args.env)
    if args.stack:
        if args.url:
            raise CliError("--stack starts its own server: drop --url (or drop --stack to use the server at URL)",
                           EXIT_USAGE)
        from .stack import MissingComponent, Stack, StackError

        try:
            stack = Stack(ports=[args.port] if args.port else None)
            stack.start()
        except MissingComponent as exc:
            raise CliError(str(exc), EXIT_SERVER) from None
        except (StackError, server_tools.BuildError) as exc:
            raise CliError(f"the throwaway stack did not start: {str(exc).strip().splitlines()[0]}",
                           EXIT_SERVER) from None
        api = stack.api()
        try:
            print(f"stack: inngest start at {stack.url}, redis {stack.redis_url}, PostgreSQL (stopped on exit)")
            yield RunTarget(api, lambda: None, True, stack.redis_url, stack.app_env())
        finally:
            api.close()
            stack.stop()
        return
    if args.url:
        _connect(args.url).close()  # answers at all, else one line (EXIT_SERVER)
    if args.url and not _is_dev_server(args.url):
        keys = {k: env.pop(k, None) or os.environ.get(k) for k in ("INNGEST_SIGNING_KEY", "INNGEST_EVENT_KEY")}
        missing = [k for k, v in keys.items() if not v]
        if missing:
            raise CliError(f"the server at {args.url} is self-hosted (`inngest start`: it refuses unsigned "
                           f"requests); give the app its keys: {' and '.join(f'--env {k}=...' for k in missing)} "
                           "(or set them in the environment)", EXIT_USAGE)
        api = _self_hosted_api(args.url, keys["INNGEST_SIGNING_KEY"], keys["INNGEST_EVENT_KEY"])
        try:
            yield RunTarget(api, lambda: None, True, args.redis_uri, {**keys, "INNGEST_API_BASE_URL": args.url,
                                                                     "INNGEST_EVENT_API_BASE_URL": args.url})
        finally:
            api.close()
        return
    with _server(args) as (api, ready):
        yield RunTarget(api, ready, False)


def _skipper(args: argparse.Namespace, target: RunTarget):
    """The TimeSkipper for --skip-time (its queue layout checked), or None. On `inngest dev`
    (the throwaway one or --url) it finds the server's in-process queue; call it once the
    server is up."""
    from .timeskip import QueueLayoutError, TimeSkipper

    if not args.skip_time:
        return None
    if not target.self_hosted and not target.redis_uri:
        port = urllib.parse.urlsplit(target.api.base_url).port
        try:
            return TimeSkipper.for_dev_server(port)
        except QueueLayoutError as exc:
            raise CliError(f"--skip-time: the dev server's queue: {exc}", EXIT_SERVER) from None
    if not target.redis_uri:
        raise CliError(f"--skip-time needs --redis-uri (or INNGEST_REDIS_URI): the Redis the server at {args.url} "
                       "was started with (`inngest start --redis-uri`)", EXIT_USAGE)
    import redis

    try:
        skipper = TimeSkipper(target.redis_uri)
        skipper.check_layout()
    except QueueLayoutError as exc:
        raise CliError(f"--skip-time: {exc}", EXIT_SERVER) from None
    except redis.RedisError as exc:
        raise CliError(f"--skip-time: no Redis answers at {target.redis_uri} ({type(exc).__name__})",
                       EXIT_SERVER) from None
    return skipper


def _in(delta_s: float) -> str:
    """'48h', '7d', '3d 4h', '1h 30m', '5m 3s', '12s': how far ahead a timer was."""
    total = max(0, round(delta_s))
    if total >= 3 * 86400:
        total = round(total / 3600) * 3600
        parts = [(total // 86400, "d"), (total % 86400 // 3600, "h")]
    elif total >= 3600:
        total = round(total / 60) * 60
        parts = [(total // 3600, "h"), (total % 3600 // 60, "m")]
    else:
        parts = [(total // 60, "m"), (total % 60, "s")]
    shown = " ".join(f"{n}{unit}" for n, unit in parts if n)
    return shown or "0s"


class TimeSkipReport:
    """Prints each timer `--skip-time` fires, with the due time the server had scheduled."""

    def __init__(self, api: InngestAPI, run_id: str | None, function: str | None = None):
        self.api, self.run_id, self.function = api, run_id, function
        self.fired: list = []

    def step_name(self, timer) -> str:
        """The step's own id: a wait's timer names it, a sleep's only by its hash (the trace maps it).
        A debounce or batch timer has no run yet: the function's slug."""
        if self.run_id is None:
            return self.function or timer.kind
        for _ in range(10):
            for step in self.api.steps(self.run_id):
                if timer.step in (step.name, step.step_id):
                    return step.name
            if timer.step is None:
                break
            time.sleep(0.1)
        return timer.step or timer.kind

    def __call__(self, timer) -> None:
        self.fired.append(timer)
        due = timer.due.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        ahead = _in(timer.due.timestamp() - time.time())
        print(f"{self.step_name(timer)}: {timer.label} due {due} (in {ahead}) — skipped", flush=True)


def _wait_until_step(api: InngestAPI, run_id: str, step: str, timeout_s: float, advance=None) -> None:
    """Until the run's step `step` waits (a wait_for_event is WAITING, a sleep RUNNING);
    `advance()`, if given, is called on every poll (it fires the timers before that step)."""
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
        if advance:
            advance()
        time.sleep(0.1)


def _finish(api: InngestAPI, run_id: str, timeout_s: float, advance=None) -> str:
    deadline = time.monotonic() + timeout_s
    while True:
        record = api.run(run_id)
        if record is not None and record.status in TERMINAL:
            with contextlib.suppress(InngestAPIError):
                api.wait_for_run(run_id, record.status, timeout_s=5)  # lets the trace settle
            return record.status
        if time.monotonic() > deadline:
            return "TIMED OUT"
        if advance:
            advance()
        time.sleep(0.1)


_RUNLESS_TIMERS = ("debounce", "schedule-batch")  # due before the run exists: they start it


def _runs_started(api: InngestAPI, event_id: str, args: argparse.Namespace, skipper) -> list:
    """The runs the event started. With a skipper, a debounce period or batch window of a
    function the event triggers is fired as it appears: the run exists only after it."""
    if skipper is None:
        return api.runs_for_event(event_id, timeout_s=args.start_timeout)
    slugs = [f["slug"] for f in api.functions() if any(t.get("value") == args.event for t in f.get("triggers") or [])]
    reports = {api.function_id(slug): TimeSkipReport(api, None, slug) for slug in slugs}
    deadline = time.monotonic() + args.start_timeout
    while True:
        with contextlib.suppress(InngestAPIError):
            return api.runs_for_event(event_id, timeout_s=0.2)
        for timer in skipper.pending(kinds=_RUNLESS_TIMERS):
            if timer.function_id in reports:
                with contextlib.suppress(NoPendingTimer):
                    skipper.move(timer, skipper.now_ms())
                    reports[timer.function_id](timer)
        if time.monotonic() > deadline:
            fired = [t for report in reports.values() for t in report.fired]
            if fired:
                raise CliError(f"event {args.event!r} started no run within {args.start_timeout} s of skipping "
                               f"{', '.join(t.label for t in fired)}", EXIT_FOUND)
            return api.runs_for_event(event_id, timeout_s=0)


def cmd_run(args: argparse.Namespace) -> int:
    from .apps import AppImportError, ServedApp, load_app
    from .check import RegistrationError
    from .server import free_port
    from .timeskip import fire_pending
    from .trace import render_run

    data = _json_arg(args.data, "--data")
    later = [(name, _json_arg(payload, f"--then-send {name}")) for name, payload in args.then_send or []]
    waits = args.when_waiting or []
    if len(waits) != len(later):
        raise CliError("give one --when-waiting STEP for each --then-send NAME JSON", EXIT_USAGE)
    with _run_target(args) as target:
        api = target.api
        port = None
        if target.self_hosted:
            port = free_port()
            sys.path.insert(0, os.path.abspath(args.app_dir))
            env = {k: v for k, v in _env_pairs(args.env).items() if k not in target.app_keys}
            _point_sdk_at_self_hosted(api.base_url, {**target.app_keys, "INNGEST_SERVE_ORIGIN":
                                                     f"http://127.0.0.1:{port}"}, env)
        else:
            _prepare_app(args, api)
        target.ready()
        if port is None:
            # Picked once the dev server is up: its listeners (the in-process Redis ports among
            # them) take random ports, and a port picked before could be one of them (seen in CI).
            port = free_port()
        skipper = _skipper(args, target)
        try:
            module, app = load_app(args.app)
        except AppImportError as exc:
            raise CliError(str(exc), EXIT_APP) from None
        served = ServedApp(app, api, set(), port=port, module_name=module.__name__, cloud_mode=target.self_hosted)
        try:
            served.start()
        except RegistrationError as exc:
            raise CliError(str(exc), EXIT_APP) from None
        try:
            sent_at = time.time()
            event_id = api.send(args.event, data)
            if skipper:
                sent = datetime.datetime.fromtimestamp(sent_at, datetime.UTC).isoformat(timespec="milliseconds")
                print(f"sent {args.event} at {sent.replace('+00:00', 'Z')}; skipping each timer as it is scheduled",
                      flush=True)
            try:
                runs = _runs_started(api, event_id, args, skipper)
            except InngestAPIError:
                triggers = sorted({t["value"] for f in api.functions() for t in f.get("triggers") or []})
                raise CliError(f"event {args.event!r} started no run; the registered triggers are: {triggers}",
                               EXIT_FOUND) from None
            if args.function:
                runs = [r for r in runs if (r.function_slug or "").endswith(args.function)]
                if not runs:
                    raise CliError(f"event {args.event!r} started no run of {args.function!r}", EXIT_FOUND)
            first = runs[0].id
            # The timers of a step answered with --then-send stay: the event, not the timeout, decides it.
            answered: set[str] = set()
            reports = {run.id: TimeSkipReport(api, run.id) for run in runs}

            def advancer(run_id: str, holding: str | None = None):
                if skipper is None:
                    return None
                held = answered | {holding} if holding else answered
                return lambda: fire_pending(skipper, run_id, hold=lambda t: any(t.is_step(s) for s in held),
                                            on_skip=reports[run_id])

            for (name, payload), step in zip(later, waits, strict=True):
                _wait_until_step(api, first, step, args.timeout, advancer(first, step))
                api.send(name, payload)
                answered.add(step)
                print(f"sent {name} {json.dumps(payload)} once {step!r} was waiting")
            code = EXIT_OK
            for run in runs:
                status = _finish(api, run.id, args.timeout, advancer(run.id))
                print(render_run(api, run.id))
                if status != "COMPLETED":
                    print(f"run {run.id} {status.lower()}" + (f" after {args.timeout} s" if status == "TIMED OUT" else ""))
                    if status == "TIMED OUT" and skipper:
                        left = skipper.pending(run.id)
                        print("still scheduled: " + (", ".join(
                            f"{t.label} due {t.due.isoformat()}" + ("" if t.movable else " (keeps real time)")
                            + (" (held: answered with --then-send)" if any(t.is_step(s) for s in answered) else "")
                            for t in left) or "nothing"))
                    code = EXIT_FOUND
                if skipper:
                    print(f"run {run.id}: skipped {len(reports[run.id].fired)} timer(s)"
                          + ("; the trace keeps a skipped sleep or wait open (RUNNING/WAITING): the run's status "
                             "and steps are what counts" if reports[run.id].fired else ""))
            return code
        finally:
            served.stop()
            if skipper:
                skipper.close()


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
    run.add_argument("--stack", action="store_true",
                     help="run on a throwaway self-hosted stack instead of a dev server: redis-server + PostgreSQL "
                          "+ `inngest start` with fresh keys, the app served in production (cloud) mode "
                          "(needs the Debian packages redis-server and postgresql)")
    add_cli_options(run)
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
