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

from scripts.inngest_server import free_port

from .inngest_api import InngestAPI, InngestAPIError

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
