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

import contextlib
import os
import secrets
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from .api import InngestAPI, InngestAPIError
from .apps import SERVE_PATH, ServedProcess
from .server import free_port, server_env

SDK_KEY_PREFIX = "signkey-prod-"


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

    def api(self) -> InngestAPI:
        """An InngestAPI for this server: events with the right event key, and the
        signing key as Bearer token (which GraphQL does not ask for, see the tests)."""
        api = InngestAPI(self.url, event_key=self.event_key)
        api._http.headers["Authorization"] = f"Bearer {self.signing_key}"
        return api

    def log_tail(self, lines: int = 60) -> str:
        if not self.log_path or not self.log_path.exists():
            return "(no server log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, grace_s: float = 5.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(grace_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


@dataclass
class ProductionProcess(ServedProcess):
    """A ServedProcess in cloud mode: INNGEST_DEV is NOT set, keys and base URLs
    come from `env`. An unsigned GET of the serve endpoint answers 401 there, so
    readiness accepts 401; the sync PUT is unsigned (out-of-band sync) and the SDK
    then registers with the server using its own signing key."""

    def start(self, *, sync: bool = True, timeout_s: float = 30.0) -> ProductionProcess:
        import sys

        env = {k: v for k, v in os.environ.items() if not k.startswith("INNGEST_") and k != "PYTHONPATH"}
        if self.pythonpath:
            env["PYTHONPATH"] = os.pathsep.join(self.pythonpath)
        env.update(self.env)
        if "INNGEST_DEV" in env:
            raise ValueError("ProductionProcess serves in cloud mode: do not pass INNGEST_DEV")
        if self.log_path is None:
            self.log_path = tempfile.mkstemp(prefix="app-", suffix=".log")[1]
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", self.target, "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "warning"],
            cwd=self.cwd, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + timeout_s
        with httpx.Client(base_url=self.url, timeout=5.0) as http:
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.target} exited with {self.proc.returncode}:\n{self.log_tail()}")
                try:
                    if http.get(SERVE_PATH).status_code in (200, 401):
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{self.target} did not answer on {self.url}:\n{self.log_tail()}")
                time.sleep(0.05)
            if sync:
                resp = http.put(SERVE_PATH)
                if resp.status_code != 200:
                    raise InngestAPIError(f"sync failed: {resp.status_code} {resp.text[:500]}")
        missing = self.expected_functions - self.api.function_slugs() if sync else set()
        if missing:
            raise InngestAPIError(f"not registered after sync: {sorted(missing)}")
        return self
