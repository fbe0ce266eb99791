"""Where the kit's Inngest server comes from, and `inngest-kit dev` for a person.

Order (inngest_kit.server.acquire): $INNGEST_KIT_BINARY, `inngest` on PATH, the cache (an npm
install or a Go build from before), `npm install inngest-cli@<pinned>`, the Go module build.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from inngest_kit import server as server_tools

pytestmark = pytest.mark.integration


def fake_inngest(folder: Path, real: Path, version: str) -> Path:
    """An `inngest` that says `version` to --version and is the real server otherwise."""
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / "inngest"
    exe.write_text(f'#!/bin/sh\nif [ "$1" = "--version" ]; then echo "inngest version {version}-abc123"; exit 0; fi\n'
                   f'exec "{real}" "$@"\n')
    exe.chmod(0o755)
    return exe


def bare_path(*first: Path) -> str:
    """PATH with `first` in front and no Go toolchain, npm or other `inngest`: nothing can be built or fetched."""
    keep = [str(p) for p in first] + [str(Path(sys.executable).parent), "/usr/bin", "/bin"]
    # Debian's npm lives in /usr/bin; hide it behind a failing stand-in unless a test brings its own.
    return os.pathsep.join(keep)


def no_npm(folder: Path) -> Path:
    """An `npm` that is not there (exit 127), placed before /usr/bin."""
    folder.mkdir(parents=True, exist_ok=True)
    npm = folder / "npm"
    npm.write_text("#!/bin/sh\necho 'npm: not available in this test' >&2\nexit 127\n")
    npm.chmod(0o755)
    return folder


def isolated_env(tmp_path: Path, *path_first: Path) -> dict[str, str]:
    cache = tmp_path / "empty-cache"
    cache.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("INNGEST_")}
    env.update(PATH=bare_path(*path_first), INNGEST_WORKFLOW_CACHE=str(cache), HOME=str(tmp_path))
    return env


def dev_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "inngest_kit.cli", "dev", *args]


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def start_options(url: str) -> dict:
    with urllib.request.urlopen(url + "/dev", timeout=5) as resp:  # noqa: S310 (loopback)
        return json.loads(resp.read())["startOpts"]


def test_an_inngest_binary_on_path_starts_a_dev_server_in_under_5_s_and_builds_nothing(inngest_server, tmp_path):
    """With a release-like `inngest` on PATH and an empty cache, no Go, no npm: ready in < 5 s, nothing built."""
    bin_dir = tmp_path / "bin"
    fake_inngest(bin_dir, inngest_server.binary, server_tools.pinned_version())
    env = isolated_env(tmp_path, bin_dir, no_npm(tmp_path / "no-npm"))
    port = server_tools.free_port()
    began = time.monotonic()
    proc = subprocess.Popen(dev_command("--port", str(port)), env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        ready_s = time.monotonic() - began
        assert f"on http://127.0.0.1:{port}" in first, first + proc.stderr.read() if proc.poll() is not None else first
        assert ready_s < 5, f"the dev server took {ready_s:.1f} s to be ready"
        binary_line = proc.stdout.readline()
        assert "from PATH" in binary_line and str(bin_dir / "inngest") in binary_line, binary_line
        assert list((tmp_path / "empty-cache").iterdir()) == [], "something was fetched or built into the cache"
    finally:
        stop(proc)
    assert "warning" not in proc.stderr.read(), "the pinned version on PATH must not warn"


def test_a_binary_of_another_version_is_used_with_a_warning(inngest_server, tmp_path, monkeypatch, capsys):
    bin_dir = tmp_path / "bin"
    fake_inngest(bin_dir, inngest_server.binary, "1.45.1")
    for key, value in isolated_env(tmp_path, bin_dir).items():
        monkeypatch.setenv(key, value)
    found = server_tools.acquire()
    assert (found.source, found.version, found.path) == ("path", "1.45.1", bin_dir / "inngest")
    err = capsys.readouterr().err
    assert "1.45.1" in err and server_tools.PINNED_TAG in err and "warning" in err

    # The environment variable wins over PATH; the pinned version says nothing.
    chosen = fake_inngest(tmp_path / "chosen", inngest_server.binary, server_tools.pinned_version())
    monkeypatch.setenv(server_tools.BINARY_VARIABLE, str(chosen))
    found = server_tools.acquire()
    assert (found.source, found.path, found.is_pinned) == ("env", chosen, True)
    assert "warning" not in capsys.readouterr().err

    monkeypatch.setenv(server_tools.BINARY_VARIABLE, str(tmp_path / "missing"))
    with pytest.raises(server_tools.BuildError, match=server_tools.BINARY_VARIABLE):
        server_tools.acquire()


def test_without_a_binary_npm_is_tried_then_the_go_build(tmp_path, monkeypatch, capsys):
    """The real npm: here `inngest-cli`'s install cannot download its binary, so it falls through to the
    Go build (which fails at once: no Go on PATH). Where it can, the npm binary is the pinned one."""
    for key, value in isolated_env(tmp_path, Path("/usr/bin")).items():
        monkeypatch.setenv(key, value)
    assert Path("/usr/bin/npm").exists(), "npm is part of this machine kind (Node.js with npm)"
    try:
        found = server_tools.acquire()
    except server_tools.BuildError as exc:
        assert "Go is not installed" in str(exc)
        err = capsys.readouterr().err
        assert f"npm could not install inngest-cli@{server_tools.pinned_version()}" in err
        assert not server_tools.npm_prefix().exists(), "a failed npm install must not be left in the cache"
    else:
        assert (found.source, found.version) == ("npm", server_tools.pinned_version())


def test_a_package_npm_installed_is_found_in_the_cache_next_time(inngest_server, tmp_path, monkeypatch):
    """A stand-in npm that installs like `inngest-cli` does; the second acquire runs no npm."""
    tools = tmp_path / "tools"
    tools.mkdir()
    log = tmp_path / "npm-calls"
    real = fake_inngest(tmp_path / "release", inngest_server.binary, server_tools.pinned_version())
    (tools / "npm").write_text(
        "#!/bin/sh\n"
        f'echo "$@" >> "{log}"\n'
        'while [ "$1" != "--prefix" ]; do shift; done; prefix="$2"\n'
        'mkdir -p "$prefix/node_modules/inngest-cli/bin"\n'
        f'cp "{real}" "$prefix/node_modules/inngest-cli/bin/inngest"\n'
    )
    (tools / "npm").chmod(0o755)
    for key, value in isolated_env(tmp_path, tools).items():
        monkeypatch.setenv(key, value)
    found = server_tools.acquire()
    assert (found.source, found.version, found.path) == ("npm", server_tools.pinned_version(),
                                                         server_tools.npm_binary_path())
    assert f"inngest-cli@{server_tools.pinned_version()}" in log.read_text()
    assert server_tools.acquire().source == "npm"
    assert len(log.read_text().splitlines()) == 1, "npm ran again although its binary was cached"


def test_dev_for_people_uses_the_servers_defaults_and_fast_is_the_test_profile(inngest_server, tmp_path):
    env = isolated_env(tmp_path, no_npm(tmp_path / "no-npm"))
    env[server_tools.BINARY_VARIABLE] = str(inngest_server.binary)
    seen = {}
    for args in ((), ("--fast",)):
        port = server_tools.free_port()
        proc = subprocess.Popen(dev_command("--port", str(port), *args), env=env, cwd=tmp_path,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert f"127.0.0.1:{port}" in proc.stdout.readline()
            seen[args] = start_options(f"http://127.0.0.1:{port}")
        finally:
            stop(proc)
    people, fast = seen[()], seen[("--fast",)]
    # The server's defaults: queue tick 150 ms, retries with its backoff, discovery and polling on.
    assert (people["tick"], people["retry_interval"], people["autodiscover"], people["poll"]) == \
        (150_000_000, 0, True, True)
    assert (fast["tick"], fast["retry_interval"], fast["autodiscover"], fast["poll"]) == (50_000_000, 1, False, False)


def test_a_busy_port_gets_an_explanation_and_the_fix(tmp_path):
    env = isolated_env(tmp_path, no_npm(tmp_path / "no-npm"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = subprocess.run(dev_command("--port", str(port)), env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert f"127.0.0.1:{port} is already in use" in lines[0]
    assert lines[1].startswith("Fix: ") and "inngest-kit dev --port " in lines[1] and "INNGEST_DEV=" in lines[1]
    assert list((tmp_path / "empty-cache").iterdir()) == [], "a busy port must be reported before any fetch"
