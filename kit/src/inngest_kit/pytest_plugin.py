"""pytest plugin (entry point `inngest_kit`): one real Inngest dev server per test process.

Installed with the kit, it loads itself in every pytest session (like
pytest-django). Nothing starts until a test asks for a fixture.

Fixtures
  inngest_server   the DevServer of this process (session; started on first use)
  inngest_api      InngestAPI bound to it (session): the server's GraphQL and event API
  inngest_binary   Path of the `inngest` binary the kit runs (session; PATH, cache, npm or a
                   Go build: inngest_kit.server.acquire), for a test that starts its own server
  inngest_app      inngest_app("app.main:app", env=..., process=False, expect=...) -> the app,
                   served and synced once per session; a function the server refused
                   fails the test with the server's own reason
  inngest_runs     send events and follow runs: .send, .start, .complete, .of -> RunHandle
                   (.wait, .wait_for_step, .output, .step(name).output/.error, .events_sent(),
                   .cancel(), .tree())
  time_skipper     inngest_kit.timeskip.TimeSkipper on the server's queue: your `inngest_stack`
                   fixture's Redis (anything with a `redis_url`, such as inngest_kit.stack.Stack),
                   else this process's stack under --inngest-env=production-stack, else
                   INNGEST_REDIS_URI, else the in-process queue of this process's dev server.

Environments (--inngest-env, or INNGEST_KIT_ENV)
  dev               `inngest dev` (the default)
  production-stack  redis-server + PostgreSQL + `inngest start` with a signing key
                    and an event key made per process (inngest_kit.stack); apps run
                    in cloud mode (signed requests, event key). Tests marked
                    @pytest.mark.dev_only("why") are deselected there.

When a test that used them fails, the report gets the tree of every run the
test looked at (steps, attempts, outputs, errors, waits and why they matched
nothing) and the tail of the server's log.

Why the server's address is fixed in pytest_configure: apps create their
`inngest.Inngest` client at import time, and the client reads `INNGEST_DEV`
then. Test modules import apps during collection, which runs before any
fixture. So each process picks its server's ports first, exports
`INNGEST_DEV`, and starts the server on exactly those ports when a test first
asks for it (the start then checks that the ports were still free).

Under pytest-xdist every worker is its own process with its own server, so
tests on different workers never share queues, apps or flow-control state.
A test that cannot get a server fails: nothing here skips.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from . import server as server_tools
from .api import InngestAPI
from .testing import AppServer, Runs

_STATE: dict[str, Any] = {}
MAX_RUNS_IN_REPORT = 3

# Credentials of the host must not reach the apps under test: with them the SDK
# would talk to Inngest Cloud instead of the throwaway server.
_CLOUD_VARIABLES = ("INNGEST_SIGNING_KEY", "INNGEST_EVENT_KEY", "INNGEST_BASE_URL", "INNGEST_API_BASE_URL",
                    "INNGEST_EVENT_API_BASE_URL", "INNGEST_SIGNING_KEY_FALLBACK", "INNGEST_ENV")


ENVIRONMENTS = ("dev", "production-stack")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("inngest_kit").addoption(
        "--inngest-env", choices=ENVIRONMENTS, default=None,
        help="the server the fixtures run: dev (`inngest dev`, the default) or production-stack "
             "(redis-server + PostgreSQL + `inngest start` with keys, see inngest_kit.stack); "
             "default from INNGEST_KIT_ENV",
    )


def environment(config: pytest.Config) -> str:
    """dev or production-stack: --inngest-env, else INNGEST_KIT_ENV, else dev."""
    env = config.getoption("--inngest-env", None) or os.environ.get("INNGEST_KIT_ENV") or "dev"
    if env not in ENVIRONMENTS:
        raise pytest.UsageError(f"INNGEST_KIT_ENV={env!r}: expected one of {', '.join(ENVIRONMENTS)}")
    return env


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "integration: drives the real Inngest server")
    config.addinivalue_line(
        "markers", "dev_only(reason): needs a feature only `inngest dev` has; deselected with "
                   "--inngest-env=production-stack",
    )
    if environment(config) == "production-stack":
        if "stack" not in _STATE:
            from .stack import Stack

            try:
                stack = _STATE["stack"] = Stack()  # acquires the binary: PATH, cache, npm or a Go build
            except server_tools.BuildError as exc:
                raise pytest.UsageError(
                    f"no Inngest server could be found or built for the production stack:\n{exc}") from None
            # Apps construct their client at import, in cloud mode: signed requests, the event key,
            # and this stack's URLs instead of Inngest Cloud's.
            for key in (*_CLOUD_VARIABLES, "INNGEST_DEV"):
                os.environ.pop(key, None)
            os.environ.update(stack.app_env())
    elif "dev_server" not in _STATE:
        # The binary is acquired when a test first asks (inngest_server): holding ports needs none.
        server = server_tools.DevServer(server_tools.binary_path()).hold_port()
        _STATE["dev_server"] = server
        # The SDK reads INNGEST_DEV when a client is constructed (at import).
        os.environ["INNGEST_DEV"] = server.url
        for key in _CLOUD_VARIABLES:
            os.environ.pop(key, None)


def dev_server() -> server_tools.DevServer | None:
    """This process's DevServer (started or not), for other plugins."""
    return _STATE.get("dev_server")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    marked = [i for i in items if i.get_closest_marker("dev_only") is not None]
    for item in marked:
        mark = item.get_closest_marker("dev_only")
        if not (mark.args or mark.kwargs.get("reason")):
            raise pytest.UsageError(f"{item.nodeid}: dev_only needs a reason, e.g. @pytest.mark.dev_only('why')")
    if marked and environment(config) == "production-stack":
        config.hook.pytest_deselected(items=marked)
        items[:] = [i for i in items if i.get_closest_marker("dev_only") is None]


def production_stack():
    """This process's inngest_kit.stack.Stack under --inngest-env=production-stack, else None."""
    return _STATE.get("stack")


def _acquired_binary() -> Path:
    """The binary to run (PATH, cache, npm or a Go build), acquired once per process."""
    if "binary" not in _STATE:
        try:
            _STATE["binary"] = server_tools.acquire().path
        except server_tools.BuildError as exc:
            pytest.fail(f"no Inngest server could be found or built, so this test cannot run:\n{exc}", pytrace=False)
    return _STATE["binary"]


@pytest.fixture(scope="session")
def inngest_binary() -> Path:
    return _acquired_binary()


@pytest.fixture(scope="session")
def inngest_server() -> server_tools.DevServer:
    stack = _STATE.get("stack")
    if stack is not None:
        yield _started(stack).servers[0]  # a StackServer: url, log_tail(), stop(), start()
        return
    server: server_tools.DevServer = _STATE["dev_server"]
    if server.proc is None:
        server.binary = _acquired_binary()
        try:
            server.start()
        except server_tools.ServerStartError as exc:
            pytest.fail(f"the Inngest dev server did not start:\n{exc}", pytrace=False)
    yield server
    # Stopped once, at session end (see pytest_unconfigure), not per fixture teardown.


def _started(stack):
    if stack.servers[0].proc is None:
        from .stack import StackError

        try:
            stack.start()
        except StackError as exc:
            pytest.fail(f"the production stack did not start:\n{exc}", pytrace=False)
    return stack


@pytest.fixture(scope="session")
def inngest_api(inngest_server: server_tools.DevServer) -> InngestAPI:
    stack = _STATE.get("stack")
    # On the stack: events with its event key, the signing key as Bearer token.
    api = stack.api() if stack is not None else InngestAPI(inngest_server.url)
    _STATE["api"] = api
    yield api
    _STATE.pop("api", None)
    api.close()


@pytest.fixture
def time_skipper(request: pytest.FixtureRequest):
    """Read and move the server's timers (sleeps, wait/invoke timeouts, debounce, batch)."""
    from .timeskip import TimeSkipper

    try:
        url = request.getfixturevalue("inngest_stack").redis_url
    except pytest.FixtureLookupError:
        if _STATE.get("stack") is not None:
            request.getfixturevalue("inngest_server")  # starts it
            url = _STATE["stack"].redis_url
        else:
            url = os.environ.get("INNGEST_REDIS_URI") or _dev_queue_url(request)
    skipper = TimeSkipper(url)
    skipper.check_layout()
    yield skipper
    skipper.close()


def _dev_queue_url(request: pytest.FixtureRequest) -> str:
    """The in-process queue Redis of this process's dev server, found once per server process."""
    from .timeskip import QueueLayoutError, dev_server_queue_url

    server: server_tools.DevServer = request.getfixturevalue("inngest_server")
    key = ("dev_queue_url", server.proc.pid)
    if key not in _STATE:
        try:
            _STATE[key] = dev_server_queue_url(server.port, pid=server.proc.pid)
        except QueueLayoutError as exc:
            pytest.fail(f"time_skipper could not find the dev server's queue: {exc}", pytrace=False)
    return _STATE[key]


@pytest.fixture(scope="session")
def inngest_app(inngest_api: InngestAPI, pytestconfig: pytest.Config) -> AppServer:
    """inngest_app("app.main:app") -> the app served on a free port and synced (once per session)."""
    apps = AppServer(inngest_api, rootdir=str(pytestconfig.rootpath))
    _STATE["apps"] = apps
    yield apps
    apps.stop_all()
    _STATE.pop("apps", None)


@pytest.fixture
def inngest_runs(inngest_api: InngestAPI) -> Runs:
    """Send events and follow the runs they start."""
    return Runs(inngest_api)


def app_server() -> AppServer | None:
    """This session's AppServer, once a test asked for `inngest_app` (for other plugins)."""
    return _STATE.get("apps")


def pytest_runtest_setup(item: pytest.Item) -> None:
    api = _STATE.get("api")
    if api is not None:
        api.runs_seen.clear()  # the failure report shows the runs of this test only


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    for name in ("dev_server", "stack"):
        running = _STATE.pop(name, None)
        if running is not None:
            running.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    from .stack import running_stacks

    stacks = running_stacks()
    if stacks:
        report.sections.append(("production stack logs (tail)", "\n".join(s.log_tails(40) for s in stacks)))
    if "inngest_server" not in item.fixturenames:
        return
    api = _STATE.get("api")
    if api is not None and api.runs_seen:
        from .trace import render_run

        shown = api.runs_seen[-MAX_RUNS_IN_REPORT:]
        report.sections.append(("inngest runs of this test", "\n\n".join(render_run(api, r) for r in shown)))
    server = _STATE.get("dev_server")
    if server is not None and server.proc is not None:
        report.sections.append(("inngest dev server log (tail)", server.log_tail(80)))
