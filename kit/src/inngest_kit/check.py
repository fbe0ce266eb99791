"""Did the server accept the app? Sync it and read the server's own verdict.

A sync is a PUT to the app's serve endpoint; the SDK then registers its
functions with the server. When the server refuses a function (a debounce
period over 7 days, three concurrency limits, a cron jitter over 5 minutes) the
SDK still answers the PUT with HTTP 200 and only a generic
`{"error": "At least one function is invalid", "status": 400}` body; the reason
is stored on the server's app record (GraphQL `apps { error }`), and the whole
app's registration is dropped, valid functions included. So a check reads both.

    sync_app(http, api)          PUT + read the verdict -> Registration (used by ServedApp.sync)
    config_changes(api, sent)    what the server registered differently from what the app sent
                                 (a retries cap it lowers without a word) -> [ConfigChange]
    check_app(target, api)       import, serve, sync against the server behind api -> CheckReport
    check(target)                the same against a throwaway dev server (or url=) -> CheckReport
                                 (what `inngest-kit check` runs; reuse it rather than copy it)
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlparse

import httpx

from . import server as server_tools
from .api import InngestAPI, InngestAPIError

SERVE_PATH = "/api/inngest"
# What a function's config says its URL is; never contacted (the comparison skips it).
SYNC_URL = "http://127.0.0.1:1/api/inngest"


class RegistrationError(InngestAPIError):
    """The server did not register (all of) the app's functions; the message has its reason."""

    def __init__(self, message: str, registration: Registration):
        super().__init__(message)
        self.registration = registration


@dataclass
class Registration:
    """What one sync did, from both sides."""

    app_url: str
    sync_status: int | None = None  # HTTP status of the PUT (200 even when the server refused)
    sync_body: object = None
    sdk_function_count: int | None = None  # functions the SDK serves (on_failure handlers not counted)
    app_id: str | None = None  # the server's name for the app (the client's app_id)
    functions: list[str] = field(default_factory=list)  # slugs the server registered
    errors: list[str] = field(default_factory=list)  # every refusal, in the SDK's or server's own words

    @property
    def ok(self) -> bool:
        return not self.errors

    def problems(self, expected: set[str] | None = None) -> list[str]:
        found = list(self.errors)
        missing = sorted(set(expected or ()) - set(self.functions))
        if missing and not found:
            found.append(f"the sync answered {self.sync_status} but these functions are not registered: {missing}")
        return found

    def raise_for_problems(self, expected: set[str] | None = None) -> None:
        problems = self.problems(expected)
        if problems:
            who = f"app {self.app_id!r}" if self.app_id else f"the app at {self.app_url}"
            raise RegistrationError(f"the Inngest server did not register {who}:\n  " + "\n  ".join(problems), self)


def _same_endpoint(a: str, b: str) -> bool:
    """The SDK reports its URL as it sees it (localhost vs 127.0.0.1): compare port and path."""
    pa, pb = urlparse(a), urlparse(b)
    return pa.port == pb.port and pa.path.rstrip("/") == pb.path.rstrip("/")


def sync_app(http: httpx.Client, api: InngestAPI, *, timeout_s: float = 20.0, inspect: bool = True) -> Registration:
    """PUT `http`'s serve endpoint and read what the server made of it. Retries only
    while the app does not answer yet; any answer is read, never retried away.
    inspect=False: no GET first (an app in cloud mode logs an unsigned GET as an error)."""
    app_url = f"{str(http.base_url).rstrip('/')}{SERVE_PATH}"
    reg = Registration(app_url=app_url)
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if inspect:
                inspection = http.get(SERVE_PATH)
                if inspection.status_code == 200:
                    reg.sdk_function_count = inspection.json().get("function_count")
            resp = http.put(SERVE_PATH)
            break
        except httpx.HTTPError as exc:
            if time.monotonic() > deadline:
                reg.errors.append(f"the app did not answer at {app_url}: {exc!r}")
                return reg
            time.sleep(0.1)
    reg.sync_status = resp.status_code
    try:
        reg.sync_body = resp.json()
    except ValueError:
        reg.sync_body = resp.text[:500]
    body = reg.sync_body if isinstance(reg.sync_body, dict) else {}
    if resp.status_code != 200:
        reg.errors.append(f"sync answered HTTP {resp.status_code}: {body.get('error') or body or resp.text[:300]}")
    elif body.get("error"):
        # The server's public error, passed on by the SDK with a 200.
        reg.errors.append(f"sync answered 200 with status {body.get('status')}: {body['error']}")
    app = next((a for a in api.apps() if a.get("url") and _same_endpoint(a["url"], app_url)), None)
    if app is None:
        if reg.ok:
            reg.errors.append(f"the server has no app at {app_url} after the sync")
        return reg
    reg.app_id = app["name"]
    reg.functions = sorted(f["slug"] for f in app.get("functions") or [])
    if app.get("error"):
        reg.errors.append(f"server: {app['error']}")
    if reg.sdk_function_count is not None and len(reg.functions) < reg.sdk_function_count and reg.ok:
        reg.errors.append(
            f"the SDK serves {reg.sdk_function_count} function(s), the server registered {len(reg.functions)}"
        )
    return reg


# -- configs the server silently changes ------------------------------------------


@dataclass
class ConfigChange:
    """One leaf of a function's config that the server registered differently from what the app sent."""

    function: str  # the function's slug
    path: str  # "retries", "concurrency[0].limit", ...
    sent: object
    registered: object

    def describe(self) -> str:
        return f"the app sent {self.path} = {json.dumps(self.sent)}, the server registered {json.dumps(self.registered)}"


def functions_in(module) -> list:
    """The inngest.Function objects a module holds at top level (also inside lists/tuples)."""
    import inngest

    found, seen = [], set()
    for value in vars(module).values():
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            if isinstance(item, inngest.Function) and id(item) not in seen:
                seen.add(id(item))
                found.append(item)
    return found


def sent_config(fn) -> dict | None:
    """The config the SDK sends for `fn` in a sync (None when it cannot serialise it)."""
    try:
        sent = fn.get_config(SYNC_URL).main.to_dict()
    except Exception:  # the sync itself reports what the SDK refuses
        return None
    return sent if isinstance(sent, dict) else None


def config_changes(api: InngestAPI, sent: dict[str, dict]) -> list[ConfigChange]:
    """Compare what the app sent ({slug: config}) with what the server registered.
    Functions the server did not register are left to the Registration."""
    registered = {f["slug"]: f.get("config") for f in api.functions()}
    changes = []
    for slug, config in sent.items():
        kept = registered.get(slug)
        if kept is None:
            continue
        kept = json.loads(kept) if isinstance(kept, str) else kept
        changes += [ConfigChange(slug, path, was, now) for path, was, now in _changes(config, kept)]
    return changes


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


@dataclass
class CheckReport:
    target: str
    server_url: str | None = None
    registration: Registration | None = None
    errors: list[str] = field(default_factory=list)  # import, serve, SDK log and registration errors
    functions: list[dict] = field(default_factory=list)  # registered: {slug, triggers}
    changes: list[ConfigChange] = field(default_factory=list)  # configs the server registered differently

    @property
    def ok(self) -> bool:
        return not self.errors and not self.changes

    def render(self) -> str:
        reg = self.registration
        found = [f"{len(self.errors)} error(s)"] if self.errors else []
        found += [f"{len(self.changes)} config change(s)"] if self.changes else []
        lines = [f"{self.target}: " + (", ".join(found) or "OK")]
        if reg and reg.app_id:
            lines.append(f"  app {reg.app_id!r} at {reg.app_url} (sync answered {reg.sync_status})")
        if self.functions:
            lines.append(f"  registered {len(self.functions)} function(s):")
            for fn in self.functions:
                triggers = ", ".join(
                    f"{t.get('type', '').lower()} {t.get('value')}" + (f" if {t['condition']}" if t.get("condition") else "")
                    for t in fn.get("triggers") or []
                )
                lines.append(f"    - {fn['slug']}  ({triggers})")
        elif reg is not None:
            lines.append("  registered no function")
        for change in self.changes:
            lines.append(f"  CHANGED {change.function}: {change.describe()}")
        for error in self.errors:
            lines.append(f"  ERROR {error}")
        return "\n".join(lines)


class _Collect(logging.Handler):
    """Warnings and errors the SDK logs while serving and syncing."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("inngest") or "inngest" in record.pathname:
            self.messages.append(f"SDK {record.levelname.lower()}: {record.getMessage()}")


def check_app(target: str, api: InngestAPI, *, expected: set[str] | None = None) -> CheckReport:
    """Import `target` ("package.module:app"), serve it on a free port, sync it with
    the server behind `api`, and report what registered, every error on the way and
    every config the server registered differently from what the app sent (for the
    functions the app's module holds at top level).

    The caller points the SDK at the server first (INNGEST_DEV=<server url> in
    os.environ, before the app's module is imported): the client reads it when
    it is created, at import time. `inngest-kit check` does exactly that."""
    from .apps import AppImportError, ServedApp, load_app

    report = CheckReport(target=target, server_url=api.base_url)
    collect = _Collect()
    logging.getLogger().addHandler(collect)
    served = None
    try:
        try:
            module, app = load_app(target)
        except AppImportError as exc:
            report.errors.append(str(exc))
            return report
        served = ServedApp(app, api, set(expected or ()), module_name=module.__name__)
        try:
            served.start()
            report.registration = served.registration
        except RegistrationError as exc:
            report.registration = exc.registration
        except RuntimeError as exc:  # uvicorn did not start (lifespan error, ...)
            report.errors.append(str(exc))
        reg = report.registration
        if reg is not None:
            report.errors += reg.problems(expected)
            by_slug = {f["slug"]: f for f in api.functions()}
            report.functions = [
                {"slug": s, "triggers": (by_slug.get(s) or {}).get("triggers") or []} for s in reg.functions
            ]
            if reg.ok:  # a refused app has no registered config to compare
                sent = {fn.id: sent_config(fn) for fn in functions_in(module)}
                report.changes = config_changes(api, {slug: c for slug, c in sent.items() if c})
    finally:
        if served is not None:
            served.stop()
        logging.getLogger().removeHandler(collect)
    report.errors += [m for m in collect.messages if m not in report.errors]
    return report


def point_sdk_at(server_url: str, env: dict[str, str] | None = None) -> None:
    """Make clients created from now on in this process talk to `server_url` in dev
    mode, whatever the host's environment says (cloud keys would send them to Inngest Cloud)."""
    for key in [k for k in os.environ if k.startswith("INNGEST_")]:
        del os.environ[key]
    os.environ["INNGEST_DEV"] = server_url
    os.environ.update(env or {})


class ServerUnavailable(RuntimeError):
    """No server to check against: none answers at the URL, the port is busy, the
    binary is missing or the server did not start. The message is one line."""


def connect(url: str) -> InngestAPI:
    """An API client for the server at `url`, once it answers."""
    api = InngestAPI(url)
    try:
        api.gql("query { apps { id } }")
    except Exception as exc:
        api.close()
        raise ServerUnavailable(
            f"no Inngest server answers at {url} ({type(exc).__name__}); start one with `inngest-kit dev`"
        ) from None
    return api


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@contextlib.contextmanager
def server_for(url: str | None = None, port: int | None = None) -> Iterator[tuple[InngestAPI, Callable[[], None]]]:
    """(api, ready): the server at `url`, or a throwaway dev server stopped on exit.

    The throwaway server starts in the background: its URL is known at once (the
    port is held), so the app can be imported meanwhile; call ready() before the
    first request to it."""
    if url:
        api = connect(url)
        try:
            yield api, lambda: None
        finally:
            api.close()
        return
    if port and not _port_is_free(port):
        raise ServerUnavailable(f"port {port} is busy (another process listens there); pick another --port or omit it")
    try:
        binary = server_tools.acquire().path
    except server_tools.BuildError as exc:
        raise ServerUnavailable(f"no Inngest server binary: {str(exc).strip().splitlines()[0]}") from None
    dev = server_tools.DevServer(binary, port=port or server_tools.free_port()).hold_port()
    failed: list[BaseException] = []

    def start() -> None:
        try:
            dev.start()
        except BaseException as exc:  # reported by ready(), in the caller's thread
            failed.append(exc)

    starting = threading.Thread(target=start, name="inngest-dev-start", daemon=True)
    starting.start()

    def ready() -> None:
        starting.join()
        if failed:
            raise ServerUnavailable(f"the Inngest dev server did not start: {str(failed[0]).splitlines()[0]}")

    api = InngestAPI(dev.url)
    try:
        yield api, ready
    finally:
        api.close()
        starting.join()
        dev.stop()


def prepare_app(target: str, server_url: str, *, env: dict[str, str] | None = None, app_dir: str = ".") -> None:
    """Point the SDK at the server, make `app_dir` importable and import the app
    (an import error is left for check_app to report)."""
    from .apps import AppImportError, load_app

    sys.path.insert(0, os.path.abspath(app_dir))
    point_sdk_at(server_url, env)
    with contextlib.suppress(AppImportError):
        load_app(target)


def check(target: str, *, url: str | None = None, port: int | None = None, env: dict[str, str] | None = None,
          app_dir: str = ".", expected: set[str] | None = None) -> CheckReport:
    """`inngest-kit check` as a function: import `target`, serve it, sync it with a
    throwaway dev server (or the one at `url`) and report. Raises ServerUnavailable.
    It changes this process's environment (INNGEST_*) and imports the app: run it
    in a process of its own when that matters."""
    with server_for(url=url, port=port) as (api, ready):
        prepare_app(target, api.base_url, env=env, app_dir=app_dir)
        ready()
        return check_app(target, api, expected=expected)
