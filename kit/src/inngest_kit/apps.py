"""Serve an example's FastAPI app on a free loopback port and sync it with the server.

The app runs in this process (uvicorn in a background thread) so tests can look
at the example's in-memory fake services (the outbox, the CRM) directly, exactly
as a user would swap them for real ones. The Inngest server calls the app over
real HTTP, so the SDK's request handling, signatures and serialization are all
exercised as in production.
"""

from __future__ import annotations

import asyncio
import importlib
import threading
import time
from dataclasses import dataclass, field
from types import ModuleType

import httpx
import uvicorn

from .api import InngestAPI, InngestAPIError
from .server import free_port

SERVE_PATH = "/api/inngest"


@dataclass
class ServedApp:
    app: object  # an ASGI app (FastAPI)
    api: InngestAPI
    expected_functions: set[str]  # fully qualified slugs: "{app_id}-{fn_id}"
    port: int = field(default_factory=free_port)
    package: str | None = None  # "examples.<name>" when serving an example
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None
    http: httpx.Client | None = None

    @property
    def module(self) -> ModuleType:
        """The example's main module (app, inngest_client, functions, settings)."""
        return importlib.import_module(f"{self.package}.main")

    @property
    def services(self) -> ModuleType:
        """The example's stand-in services, whose ledgers count real side effects."""
        return importlib.import_module(f"{self.package}.services")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 20.0) -> ServedApp:
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._serve, name=f"uvicorn:{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError(f"uvicorn on port {self.port} exited before it started")
            if time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn on port {self.port} did not start within {timeout_s} s")
            time.sleep(0.02)
        self.http = httpx.Client(base_url=self.url, timeout=10.0)
        self.sync(timeout_s=timeout_s)
        return self

    def _serve(self) -> None:
        # Each served app gets its own event loop in its own thread.
        asyncio.run(self._server.serve())

    def sync(self, timeout_s: float = 20.0) -> None:
        """PUT the serve endpoint (the SDK then registers with the server) and check the functions."""
        deadline = time.monotonic() + timeout_s
        last = ""
        while True:
            try:
                resp = self.http.put(SERVE_PATH)
                last = f"{resp.status_code} {resp.text[:500]}"
                if resp.status_code == 200:
                    break
            except httpx.HTTPError as exc:
                last = repr(exc)
            if time.monotonic() > deadline:
                raise InngestAPIError(f"sync of {self.url}{SERVE_PATH} failed: {last}")
            time.sleep(0.1)
        missing = self.expected_functions - self.api.function_slugs()
        if missing:
            raise InngestAPIError(f"sync answered 200 but these functions are not registered: {sorted(missing)}")

    def stop(self) -> None:
        if self.http:
            self.http.close()
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)


@dataclass
class ServedProcess:
    """Serve an ASGI app in its own `python -m uvicorn` process, then sync it.

    For what an in-process app cannot show: a copied example running with no
    access to this repository (pass `cwd` and `pythonpath`), and crashes
    (`kill()` sends SIGKILL mid-run; `start()` again brings the app back on
    the same port, as a restarted deployment would be).

    One app id is one app on the server, with one URL: syncing an example here
    re-points the server away from an in-process copy of it; call
    `pytest_plugin.resync_served(name)` afterwards.
    """

    target: str  # "package.module:app"
    api: InngestAPI
    expected_functions: set[str]
    cwd: str | None = None
    pythonpath: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    log_path: str | None = None
    proc: object = None  # subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, sync: bool = True, timeout_s: float = 30.0) -> ServedProcess:
        import os
        import subprocess
        import sys
        import tempfile

        env = {k: v for k, v in os.environ.items() if not k.startswith("INNGEST_") and k != "PYTHONPATH"}
        env["INNGEST_DEV"] = self.api.base_url
        if self.pythonpath:
            env["PYTHONPATH"] = os.pathsep.join(self.pythonpath)
        env.update(self.env)
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
        with httpx.Client(base_url=self.url, timeout=2.0) as http:
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.target} exited with {self.proc.returncode}:\n{self.log_tail()}")
                try:
                    if http.get(SERVE_PATH).status_code == 200:
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

    def kill(self, sig: int | None = None) -> None:
        """Stop the app abruptly (SIGKILL by default), as a crash would."""
        import signal

        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig or signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        import signal

        self.kill(signal.SIGTERM)

    def log_tail(self, lines: int = 40) -> str:
        from pathlib import Path

        if not self.log_path or not Path(self.log_path).exists():
            return "(no app log)"
        return "\n".join(Path(self.log_path).read_text(errors="replace").splitlines()[-lines:])
