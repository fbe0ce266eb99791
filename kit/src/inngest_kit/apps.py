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
import os
import threading
import time
from dataclasses import dataclass, field
from types import ModuleType
from typing import ClassVar

import httpx
import uvicorn

from .api import InngestAPI
from .check import Registration, sync_app
from .server import free_port

SERVE_PATH = "/api/inngest"


class AppImportError(ImportError):
    """An app path ("package.module:app") that does not import; the message is one line."""


def load_app(target: str) -> tuple[ModuleType, object]:
    """Import "package.module:attr" (attr defaults to `app`) and return (module, attr)."""
    module_name, _, attr = target.partition(":")
    attr = attr or "app"
    if not module_name or not all(part.isidentifier() for part in module_name.split(".")):
        raise AppImportError(f"{target!r} is not an app path like 'package.module:app'")
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:  # anything raised at import is the app's problem: say what, in one line
        where = ""  # the innermost line of the app's own code, if the error is in it
        tb = exc.__traceback__
        while tb is not None:
            frame = tb.tb_frame.f_code.co_filename
            if "importlib" not in frame and not frame.startswith(os.path.dirname(__file__)):
                where = f" ({frame}:{tb.tb_lineno})"
            tb = tb.tb_next
        raise AppImportError(f"cannot import {module_name}: {type(exc).__name__}: {exc}{where}") from exc
    if not hasattr(module, attr):
        raise AppImportError(f"{module_name} has no attribute {attr!r} (expected an ASGI app such as FastAPI())")
    return module, getattr(module, attr)


@dataclass
class ServedApp:
    app: object  # an ASGI app (FastAPI)
    api: InngestAPI
    expected_functions: set[str]  # fully qualified slugs: "{app_id}-{fn_id}"
    port: int = field(default_factory=free_port)
    package: str | None = None  # "examples.<name>" when serving an example
    module_name: str | None = None  # the module holding the app, e.g. "approval.main" (default: package.main)
    cloud_mode: bool = False  # the app talks to `inngest start` with keys (it refuses unsigned GETs)
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None
    http: httpx.Client | None = None
    registration: Registration | None = None

    @property
    def module(self) -> ModuleType:
        """The module holding the app (for an example: app, inngest_client, functions, settings)."""
        return importlib.import_module(self.module_name or f"{self.package}.main")

    @property
    def services(self) -> ModuleType:
        """The `services` module next to the app's module (an example's stand-in
        services, whose ledgers count real side effects)."""
        package = self.package or (self.module_name or "").rpartition(".")[0]
        return importlib.import_module(f"{package}.services" if package else "services")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 20.0, *, sync: bool = True) -> ServedApp:
        """Serve, then (unless sync=False) sync and check the registration (RegistrationError)."""
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
        if sync:
            self.sync(timeout_s=timeout_s)
        return self

    def _serve(self) -> None:
        # Each served app gets its own event loop in its own thread.
        asyncio.run(self._server.serve())

    def sync(self, timeout_s: float = 20.0) -> Registration:
        """PUT the serve endpoint (the SDK then registers with the server) and check
        what the server made of it: a function it refused fails here with its reason
        (the PUT itself can answer 200 then)."""
        registration = sync_app(self.http, self.api, timeout_s=timeout_s, inspect=not self.cloud_mode)
        registration.raise_for_problems(self.expected_functions)
        self.registration = registration
        return registration

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
    registration: Registration | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # Dev mode: INNGEST_DEV points the SDK at the server, and the serve endpoint answers
    # an unsigned GET. ProductionProcess (production.py) overrides both.
    cloud_mode: ClassVar[bool] = False
    ready_statuses: ClassVar[tuple[int, ...]] = (200,)

    def process_env(self) -> dict[str, str]:
        """The app's environment: this process's, without INNGEST_* or PYTHONPATH, plus `env`."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("INNGEST_") and k != "PYTHONPATH"}
        if not self.cloud_mode:
            env["INNGEST_DEV"] = self.api.base_url
        if self.pythonpath:
            env["PYTHONPATH"] = os.pathsep.join(self.pythonpath)
        env.update(self.env)
        return env

    def start(self, *, sync: bool = True, timeout_s: float = 30.0) -> ServedProcess:
        import subprocess
        import sys
        import tempfile

        env = self.process_env()
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
        # 5 s per request: a sync on a loaded machine can take seconds; sync_app retries a timeout.
        with httpx.Client(base_url=self.url, timeout=5.0) as http:
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.target} exited with {self.proc.returncode}:\n{self.log_tail()}")
                try:
                    if http.get(SERVE_PATH).status_code in self.ready_statuses:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{self.target} did not answer on {self.url}:\n{self.log_tail()}")
                time.sleep(0.05)
            if sync:
                # Cloud mode logs an unsigned GET as an error: no inspection GET there.
                self.registration = sync_app(http, self.api, timeout_s=timeout_s, inspect=not self.cloud_mode)
                self.registration.raise_for_problems(self.expected_functions)
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
