"""pytest plugin (entry point `inngest_kit`): one real Inngest dev server per test process.

Installed with the kit, it loads itself in every pytest session (like
pytest-django). Nothing starts until a test asks for a fixture.

Fixtures
  inngest_server   the DevServer of this process (session; started on first use)
  inngest_api      InngestAPI bound to it (session)

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
from typing import Any

import pytest

from . import server as server_tools
from .api import InngestAPI

_STATE: dict[str, Any] = {}

# Credentials of the host must not reach the apps under test: with them the SDK
# would talk to Inngest Cloud instead of the throwaway server.
_CLOUD_VARIABLES = ("INNGEST_SIGNING_KEY", "INNGEST_EVENT_KEY", "INNGEST_BASE_URL", "INNGEST_API_BASE_URL",
                    "INNGEST_EVENT_API_BASE_URL", "INNGEST_SIGNING_KEY_FALLBACK", "INNGEST_ENV")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "integration: drives the real Inngest server")
    if "dev_server" not in _STATE:
        server = server_tools.DevServer(server_tools.binary_path()).hold_port()
        _STATE["dev_server"] = server
        # The SDK reads INNGEST_DEV when a client is constructed (at import).
        os.environ["INNGEST_DEV"] = server.url
        for key in _CLOUD_VARIABLES:
            os.environ.pop(key, None)


def dev_server() -> server_tools.DevServer | None:
    """This process's DevServer (started or not), for other plugins."""
    return _STATE.get("dev_server")


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
    # Stopped once, at session end (see pytest_unconfigure), not per fixture teardown.


@pytest.fixture(scope="session")
def inngest_api(inngest_server: server_tools.DevServer) -> InngestAPI:
    api = InngestAPI(inngest_server.url)
    yield api
    api.close()


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    server = _STATE.pop("dev_server", None)
    if server is not None:
        server.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    server = _STATE.get("dev_server")
    if report.failed and server is not None and server.proc is not None and "inngest_server" in item.fixturenames:
        report.sections.append(("inngest dev server log (tail)", server.log_tail(80)))
