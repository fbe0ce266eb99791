"""Build the docs site into a temporary folder (mkdocs build --strict) and serve it on loopback."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def build_site(out: Path, report: Path | None = None, benchmark: Path | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` into `out`; `report` replaces reports/validation.json and
    `benchmark` reports/benchmark.md (either may not exist)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if report is not None:
        env["INNGEST_WORKFLOW_REPORT"] = str(report)
    if benchmark is not None:
        env["INNGEST_WORKFLOW_BENCHMARK"] = str(benchmark)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(REPO / "mkdocs.yml"),
         "--site-dir", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site as `make site` builds it: from the real reports/validation.json when there is one."""
    out = tmp_path_factory.mktemp("site")
    proc = build_site(out)
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the stdlib's signature)
        pass


@pytest.fixture(scope="session")
def served_site(built_site: Path):
    """The built site over HTTP on 127.0.0.1, a free port: yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-http", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
