"""pytest plugin: one real Inngest dev server per test process, and examples served to it.

Fixtures
  inngest_server   the DevServer of this process (session; started on first use)
  inngest_api      InngestAPI bound to it (session)
  serve_example    factory: serve_example("lead_routing", **settings) -> ServedApp (cached per session)

Why the server's address is fixed in pytest_configure: example modules create
their `inngest.Inngest` client at import time, as real apps do, and the client
reads `INNGEST_DEV` then. Test modules import examples during collection, which
runs before any fixture. So each process picks its server's ports first,
exports `INNGEST_DEV`, and starts the server on exactly those ports when a test
first asks for it (the server start then checks that the ports were still free).

Under pytest-xdist every worker is its own process with its own server, so
tests on different workers never share queues, apps or flow-control state.

A test that cannot get a server fails: nothing here skips. With CI=true a run
that skipped anything fails as a whole.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scripts import inngest_server as server_tools

from .inngest_api import InngestAPI
from .served_app import ServedApp

REPO = Path(__file__).resolve().parent.parent
_STATE: dict[str, Any] = {}


def pytest_configure(config: pytest.Config) -> None:
    for marker in (
        "integration: drives the real Inngest server",
        "reliability: crash, retry and fault tests against the real server",
        "security: production-mode and input-safety tests",
        "slow: waits on purpose for more than a few seconds",
        "wait_floor(seconds): the longest chain of waits the test requires by design (sleeps, timeouts, "
        "periods, retry intervals, proofs of absence), not latency; reports/validation.json checks it "
        "against the measured duration",
    ):
        config.addinivalue_line("markers", marker)
    # Every session that runs example tests leaves reports/validation.json behind
    # (the main job passes its own instance; don't register twice).
    from .report import PatternReport

    if not any(isinstance(p, PatternReport) for p in config.pluginmanager.get_plugins()):
        config.pluginmanager.register(PatternReport(), "inngest-pattern-report")
    if "dev_server" not in _STATE:
        binary = server_tools.binary_path()
        server = server_tools.DevServer(binary).hold_port()
        _STATE["dev_server"] = server
        # The SDK reads INNGEST_DEV when a client is constructed (at import).
        os.environ["INNGEST_DEV"] = server.url
        # The examples' own modules must not see cloud credentials of the host.
        for key in ("INNGEST_SIGNING_KEY", "INNGEST_EVENT_KEY", "INNGEST_BASE_URL", "INNGEST_API_BASE_URL",
                    "INNGEST_EVENT_API_BASE_URL", "INNGEST_SIGNING_KEY_FALLBACK", "INNGEST_ENV"):
            os.environ.pop(key, None)


@pytest.fixture(scope="session")
def inngest_server() -> server_tools.DevServer:
    server: server_tools.DevServer = _STATE["dev_server"]
    if server.proc is None:
        try:
            server.binary = server_tools.build()
        except server_tools.BuildError as exc:
            pytest.fail(f"the Inngest server could not be built, so this test cannot run:\n{exc}", pytrace=False)
        try:
            server.start()
        except server_tools.ServerStartError as exc:
            pytest.fail(f"the Inngest dev server did not start:\n{exc}", pytrace=False)
    yield server
    # Stopped once, at session end (see pytest_sessionfinish), not per fixture teardown.


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for app in _STATE.get("apps", {}).values():
        app.stop()
    server = _STATE.get("dev_server")
    if server is not None:
        server.stop()
    if os.environ.get("CI", "").lower() in ("1", "true") and session.testscollected:
        skipped = session.config.pluginmanager.get_plugin("terminalreporter")
        n = len(skipped.stats.get("skipped", [])) if skipped else 0
        if n:
            # A skipped server test in CI means the harness failed to set up.
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
            print(f"\nCI: {n} test(s) skipped; skipping is a failure here.", file=sys.stderr)


@pytest.fixture(scope="session")
def inngest_api(inngest_server: server_tools.DevServer) -> InngestAPI:
    api = InngestAPI(inngest_server.url)
    yield api
    api.close()


def package_of(name: str) -> str:
    """"approval" -> "examples.approval"; a dotted name ("mistakes.durations") is used as is."""
    return name if "." in name else f"examples.{name}"


def load_example(name: str):
    """Import <package>/main.py, the module with `app`, `inngest_client` and `functions`."""
    return importlib.import_module(f"{package_of(name)}.main")


def expected_slugs(module) -> set[str]:
    slugs = set()
    for fn in module.functions:
        slugs.add(fn.id)
        if fn.on_failure_fn_id:
            slugs.add(fn.on_failure_fn_id)
    return slugs


@pytest.fixture(scope="session")
def serve_example(inngest_api: InngestAPI) -> Callable[..., ServedApp]:
    """serve_example("approval", decision_timeout=timedelta(seconds=2)) -> ServedApp.

    Keyword arguments override attributes of the example's `settings` object,
    which its functions read at run time: tests run the same code as users, with
    1-2 s durations instead of hours and days.
    """
    apps: dict[str, ServedApp] = _STATE.setdefault("apps", {})

    def serve(name: str, **settings: Any) -> ServedApp:
        module = load_example(name)
        if settings:
            target = module.settings
            for key, value in settings.items():
                if not hasattr(target, key):
                    raise AttributeError(f"{package_of(name)} settings have no {key!r}")
                setattr(target, key, value)
        if name not in apps:
            served = ServedApp(module.app, inngest_api, expected_slugs(module), package=package_of(name))
            apps[name] = served.start()
        return apps[name]

    return serve


def resync_served(name: str) -> None:
    """Re-point the server at the in-process copy of an example, if this worker
    serves one. Needed after the same app id was synced from elsewhere (e.g. a
    ServedProcess): one app id is one app on the server, with one URL."""
    served = _STATE.get("apps", {}).get(name)
    if served is not None:
        served.sync()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    floor = item.get_closest_marker("wait_floor")
    if floor is not None and report.when == "call":
        # Travels with the report to the xdist controller, where harness/report.py reads it.
        report.user_properties.append(("wait_floor", float(floor.args[0])))
    server = _STATE.get("dev_server")
    if report.failed and server is not None and server.proc is not None and "inngest_server" in item.fixturenames:
        report.sections.append(("inngest dev server log (tail)", server.log_tail(80)))
