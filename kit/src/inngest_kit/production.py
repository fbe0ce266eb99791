"""The self-hosted server (`inngest start`) on loopback, and an app served to it in production mode.

`inngest start` is the same binary as `inngest dev` with keys required
(cmd/start/start.go): `--signing-key` (a hex string of even length; the server
signs its calls to apps with it and accepts it, or its SHA-256, as a Bearer
token on /fn/register, /v1 and /v2) and one or more `--event-key` (the only
keys `POST /e/{key}` accepts). State goes to SQLite under `--sqlite-dir`.

An SDK talks to it in cloud mode: no INNGEST_DEV; INNGEST_SIGNING_KEY is
"signkey-prod-" + the server's hex key (the SDK strips the prefix before it
signs or verifies), INNGEST_EVENT_KEY one of the event keys, and the base URLs
point at this server instead of Inngest Cloud.

Keys are made per test with `new_signing_key()` / `new_event_key()`; none is
ever written to a file in the repository.
"""

from __future__ import annotations

import secrets
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from .api import InngestAPI, InngestAPIError
from .apps import ServedProcess
from .server import free_port, server_env, stop_group, tail_file

SDK_KEY_PREFIX = "signkey-prod-"

# Sent at every start to prove events reach the runner; triggers nothing.
READY_PROBE_EVENT = "inngest-kit/server.ready"


def event_stored(api: InngestAPI, event_id: str) -> bool:
    """Whether the server stored (its runner received) this event."""
    try:
        return bool(api.gql("query ($id: ID!) { event(query: {eventId: $id}) { id } }", id=event_id).get("event"))
    except InngestAPIError as exc:
        if "no rows" in str(exc):
            return False
        raise


def new_signing_key() -> str:
    """A random signing key as the server takes it: 64 hex characters."""
    return secrets.token_hex(32)


def new_event_key() -> str:
    return secrets.token_hex(16)


def sdk_signing_key(server_key: str) -> str:
    """The same key as an app's INNGEST_SIGNING_KEY."""
    return SDK_KEY_PREFIX + server_key


@dataclass
class SelfHostedServer:
    """One `inngest start` process on loopback with explicit ports and a scratch workdir."""

    binary: Path
    signing_key: str = field(default_factory=new_signing_key)
    event_keys: list[str] = field(default_factory=lambda: [new_event_key()])
    port: int = field(default_factory=free_port)
    gateway_port: int = field(default_factory=free_port)
    gateway_grpc_port: int = field(default_factory=free_port)
    executor_grpc_port: int = field(default_factory=free_port)
    host: str = "127.0.0.1"
    tick_ms: int = 50
    retry_interval_s: int = 1
    no_ui: bool = False  # True also turns GraphQL (/v0/gql) off
    workdir: Path | None = None
    proc: subprocess.Popen | None = None
    log_path: Path | None = None
    started_in_s: float | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def event_key(self) -> str:
        return self.event_keys[0]

    def command(self) -> list[str]:
        cmd = [
            str(self.binary), "--log-level", "info", "start",
            "--host", self.host, "--port", str(self.port),
            "--signing-key", self.signing_key,
            "--sqlite-dir", str(self.workdir / "sqlite"),
            "--tick", str(self.tick_ms),
            "--poll-interval", "0",
            "--connect-gateway-port", str(self.gateway_port),
            "--connect-gateway-grpc-port", str(self.gateway_grpc_port),
            "--connect-executor-grpc-port", str(self.executor_grpc_port),
        ]
        for key in self.event_keys:
            cmd += ["--event-key", key]
        if self.retry_interval_s:
            cmd += ["--retry-interval", str(self.retry_interval_s)]
        if self.no_ui:
            cmd += ["--no-ui"]
        return cmd

    def start(self, timeout_s: float = 60.0) -> SelfHostedServer:
        if self.workdir is None:
            self.workdir = Path(tempfile.mkdtemp(prefix="inngest-start-"))
        (self.workdir / "sqlite").mkdir(parents=True, exist_ok=True)
        self.log_path = self.workdir / "inngest.log"
        began = time.monotonic()
        log = open(self.log_path, "ab")
        # The keys go on the command line of a loopback-only test server; they
        # are random per test and never written anywhere else.
        self.proc = subprocess.Popen(
            self.command(), cwd=self.workdir, env=server_env(home=self.workdir),
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
        log.close()
        try:
            self._wait_ready(began + timeout_s)
            if not self.no_ui:  # the proof reads GraphQL, which --no-ui turns off
                self._wait_events_flow(began + timeout_s)
        except BaseException:
            self.stop()
            raise
        self.started_in_s = round(time.monotonic() - began, 3)
        return self

    def _wait_ready(self, deadline: float) -> None:
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"inngest start exited with {self.proc.returncode}\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as resp:  # noqa: S310 (loopback)
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"inngest start not ready on {self.url}\n{self.log_tail()}")
            time.sleep(0.05)
        log = self.log_path.read_text(errors="replace")
        if "Port conflict" in log or f'"addr":"{self.host}:{self.port}"' not in log:
            raise RuntimeError(f"inngest start is not on {self.host}:{self.port}\n{self.log_tail()}")

    def _wait_events_flow(self, deadline: float) -> None:
        """Wait past /health until events flow: for some milliseconds after /health
        answers, the event API acknowledges events that no runner receives
        (tests/production/test_restarts.py::test_no_event_acknowledged_after_the_stack_is_ready_is_lost).
        The runner's own log line comes a moment before it subscribes, so the proof is
        a probe event that the server stores."""
        api = InngestAPI(self.url, event_key=self.event_key)
        try:
            while True:
                probe = api.send(READY_PROBE_EVENT)
                settle = time.monotonic() + 1.0
                while time.monotonic() < settle:
                    if event_stored(api, probe):
                        return
                    time.sleep(0.02)
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"inngest start accepts events but does not process them:\n{self.log_tail()}")
        finally:
            api.close()

    def api(self) -> InngestAPI:
        """An InngestAPI for this server: events with the right event key, and the
        signing key as Bearer token (which GraphQL does not ask for, see the tests)."""
        api = InngestAPI(self.url, event_key=self.event_key)
        api._http.headers["Authorization"] = f"Bearer {self.signing_key}"
        return api

    def log_tail(self, lines: int = 60) -> str:
        return tail_file(self.log_path, lines)

    def stop(self, grace_s: float = 5.0) -> None:
        stop_group(self.proc, grace_s)


@dataclass
class ProductionProcess(ServedProcess):
    """A ServedProcess in cloud mode: INNGEST_DEV is NOT set, keys and base URLs
    come from `env`. An unsigned GET of the serve endpoint answers 401 there, so
    readiness accepts 401; the sync PUT is unsigned (out-of-band sync) and the SDK
    then registers with the server using its own signing key."""

    cloud_mode: ClassVar[bool] = True
    ready_statuses: ClassVar[tuple[int, ...]] = (200, 401)

    def process_env(self) -> dict[str, str]:
        env = super().process_env()
        if "INNGEST_DEV" in env:
            raise ValueError("ProductionProcess serves in cloud mode: do not pass INNGEST_DEV")
        return env
