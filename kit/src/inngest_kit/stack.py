"""A production-shaped self-hosted Inngest on loopback, without Docker.

    redis-server   queue and run state (`--appendonly yes` by default)
    PostgreSQL     apps, events and run history (initdb into a temp dir)
    inngest start  one or more instances, all on the same Redis and PostgreSQL,
                   with a signing key and event keys made for this stack only

Every component is an ordinary child process on a free loopback port with its
data in a temporary folder; `stop()` ends them and removes the folder.

    with Stack(instances=2) as stack:
        stack.url, stack.urls, stack.redis_url, stack.postgres_url
        stack.signing_key, stack.event_key, stack.app_env()
        stack.restart_server(0)             # SIGTERM, then start on the same ports
        stack.restart_server(1, kill=True)  # SIGKILL, then start
        stack.kill_server(1)                # SIGKILL, stays down
        stack.restart_redis()               # SIGKILL redis-server, start it on its data
        stack.restart_exited_servers()      # what a supervisor does (inngest start exits without Redis)

`Stack(persistence="none")` runs Redis with no append-only file and no RDB
snapshots; `Stack(external=False)` is `inngest start`'s built-in default
(in-memory Redis inside the server, SQLite) for comparison.

Binaries are found on PATH, then in Debian's /usr/lib/postgresql/<version>/bin
(or INNGEST_KIT_REDIS_SERVER / INNGEST_KIT_PG_BINDIR); `make stack` installs the
Debian packages. PostgreSQL refuses to run as root, so as root it runs as the
unprivileged `nobody` (override: INNGEST_KIT_PG_USER).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .api import InngestAPI
from .production import SelfHostedServer, new_event_key, new_signing_key, sdk_signing_key
from .server import acquire, free_port, tail_file


class StackError(RuntimeError):
    pass


class MissingComponent(StackError):
    """A binary the stack needs is not installed."""


_INSTALL_HINT = ("install the Debian packages: `apt-get install redis-server postgresql` (in the inngest-workflow "
                 "repository `make stack` does it)")


def find_redis_server() -> Path:
    explicit = os.environ.get("INNGEST_KIT_REDIS_SERVER")
    candidates = [explicit] if explicit else [shutil.which("redis-server"), "/usr/bin/redis-server",
                                              "/usr/sbin/redis-server", "/usr/local/bin/redis-server"]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return Path(candidate)
    raise MissingComponent(f"redis-server not found ({explicit or 'PATH, /usr/bin, /usr/sbin'}); {_INSTALL_HINT}, "
                           "or set INNGEST_KIT_REDIS_SERVER to its path")


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path.parent.parent.name)) or (0,)


def find_postgres_bindir() -> Path:
    """The directory holding initdb, postgres and pg_isready: INNGEST_KIT_PG_BINDIR,
    else the one initdb on PATH lives in, else the newest /usr/lib/postgresql/<v>/bin
    (Debian puts the server binaries there, off PATH)."""
    explicit = os.environ.get("INNGEST_KIT_PG_BINDIR")
    if explicit:
        candidates = [Path(explicit)]
    else:
        on_path = shutil.which("initdb")
        candidates = [Path(on_path).resolve().parent] if on_path else []
        candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: _version_key(p / "x"),
                             reverse=True)
    for bindir in candidates:
        if all(os.access(bindir / tool, os.X_OK) for tool in ("initdb", "postgres", "pg_isready")):
            return bindir
    raise MissingComponent(f"PostgreSQL server binaries (initdb, postgres) not found in "
                           f"{explicit or 'PATH or /usr/lib/postgresql/*/bin'}; {_INSTALL_HINT}, "
                           "or set INNGEST_KIT_PG_BINDIR")


def _stop_process(proc: subprocess.Popen | None, sig: int = signal.SIGTERM, grace_s: float = 10.0) -> None:
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.send_signal(sig)
    try:
        proc.wait(grace_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@dataclass
class RedisServer:
    """redis-server on loopback, data (appendonly.aof) in `workdir`.

    persistence "appendonly": every write goes to the append-only file, fsynced
    once a second (Redis' default `appendfsync everysec`); "none": no AOF and no
    RDB snapshots, so a restart starts empty."""

    workdir: Path
    persistence: Literal["appendonly", "none"] = "appendonly"
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    binary: Path | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.workdir / "redis.log"

    def command(self) -> list[str]:
        cmd = [str(self.binary), "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.workdir),
               "--daemonize", "no", "--save", ""]
        if self.persistence == "appendonly":
            cmd += ["--appendonly", "yes", "--appendfsync", "everysec"]
        else:
            cmd += ["--appendonly", "no"]
        return cmd

    def start(self, timeout_s: float = 30.0) -> RedisServer:
        self.binary = self.binary or find_redis_server()
        self.workdir.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(self.command(), cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while True:
            if self.proc.poll() is not None:
                raise StackError(f"redis-server exited with {self.proc.returncode}:\n{tail_file(self.log_path)}")
            with contextlib.suppress(OSError):
                # -LOADING while the append-only file is replayed; +PONG once it serves.
                if self.call("PING") == "PONG":
                    return self
            if time.monotonic() > deadline:
                raise StackError(f"redis-server not ready on {self.url}:\n{tail_file(self.log_path)}")
            time.sleep(0.05)

    def call(self, *args: str) -> str | int:
        """One command over RESP; the simple-string or integer reply."""
        payload = f"*{len(args)}\r\n" + "".join(f"${len(a.encode())}\r\n{a}\r\n" for a in args)
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
            sock.sendall(payload.encode())
            reply = sock.recv(4096).decode(errors="replace").split("\r\n", 1)[0]
        if reply.startswith(":"):
            return int(reply[1:])
        if reply.startswith(("+", "-")):
            return reply[1:]
        raise StackError(f"unexpected Redis reply to {args[0]}: {reply!r}")

    def key_count(self) -> int:
        return int(self.call("DBSIZE"))

    def stop(self) -> None:
        """SIGTERM: Redis fsyncs its append-only file and exits."""
        _stop_process(self.proc)

    def kill(self) -> None:
        """SIGKILL: no shutdown. Redis writes the append-only file before it answers a
        command, so a killed process loses nothing the OS has; `everysec` only risks the
        last second when the machine itself goes down."""
        _stop_process(self.proc, signal.SIGKILL)

    def log_tail(self, lines: int = 40) -> str:
        return tail_file(self.log_path, lines)


@dataclass
class PostgresServer:
    """A PostgreSQL cluster made with initdb in a fresh temp dir, on loopback TCP only,
    with a role and password made for this run (scram-sha-256)."""

    port: int = field(default_factory=free_port)
    role: str = "inngest"
    password: str = field(default_factory=lambda: secrets.token_hex(16))
    base: Path | None = None
    proc: subprocess.Popen | None = None
    bindir: Path | None = None
    databases: set[str] = field(default_factory=set)

    def url(self, database: str = "inngest") -> str:
        return f"postgres://{self.role}:{self.password}@127.0.0.1:{self.port}/{database}?sslmode=disable"

    @property
    def log_path(self) -> Path:
        return self.base / "postgres.log"

    def _run_as(self) -> dict:
        """Popen arguments that drop root for initdb and postgres (both refuse to run as root)."""
        if os.geteuid() != 0:
            return {}
        name = os.environ.get("INNGEST_KIT_PG_USER", "nobody")
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            raise MissingComponent(f"PostgreSQL cannot run as root and user {name!r} does not exist; "
                                   "set INNGEST_KIT_PG_USER to an unprivileged user") from None
        return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}

    def start(self, timeout_s: float = 60.0) -> PostgresServer:
        self.bindir = self.bindir or find_postgres_bindir()
        run_as = self._run_as()
        # Directly in the system temp dir: the unprivileged user must be able to reach it.
        self.base = Path(tempfile.mkdtemp(prefix="inngest-kit-pg-"))
        data, pwfile = self.base / "data", self.base / "pwfile"
        pwfile.write_text(self.password + "\n")
        pwfile.chmod(0o600)
        if run_as:
            for path in (self.base, pwfile):
                os.chown(path, run_as["user"], run_as["group"])
        env = {**os.environ, "LC_ALL": "C", "TZ": "UTC"}
        init = subprocess.run(
            [str(self.bindir / "initdb"), "-D", str(data), "-U", self.role, f"--pwfile={pwfile}",
             "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync"],
            cwd=self.base, env=env, capture_output=True, text=True, **run_as,
        )
        pwfile.unlink()
        if init.returncode != 0:
            raise StackError(f"initdb failed ({init.returncode}):\n{init.stdout}\n{init.stderr}")
        log = open(self.log_path, "ab")
        if run_as:
            os.chown(self.log_path, run_as["user"], run_as["group"])
        self.proc = subprocess.Popen(
            [str(self.bindir / "postgres"), "-D", str(data), "-p", str(self.port),
             "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
             # Two or more `inngest start` instances each open up to --postgres-max-open-conns (100).
             "-c", "max_connections=300", "-c", "shared_buffers=32MB"],
            cwd=self.base, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, **run_as,
        )
        log.close()
        deadline = time.monotonic() + timeout_s
        while True:
            if self.proc.poll() is not None:
                raise StackError(f"postgres exited with {self.proc.returncode}:\n{tail_file(self.log_path)}")
            ready = subprocess.run([str(self.bindir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)],
                                   capture_output=True)
            if ready.returncode == 0:
                return self
            if time.monotonic() > deadline:
                raise StackError(f"postgres not ready on port {self.port}:\n{tail_file(self.log_path)}")
            time.sleep(0.1)

    def create_database(self, name: str) -> str:
        """CREATE DATABASE (once) and its URL."""
        if name not in self.databases:
            psql = self.bindir / "psql"
            if not os.access(psql, os.X_OK):
                psql = Path(shutil.which("psql") or "psql")
            done = subprocess.run(
                [str(psql), "-X", "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.role, "-d", "postgres",
                 "-c", f'CREATE DATABASE "{name}"'],
                env={**os.environ, "PGPASSWORD": self.password}, capture_output=True, text=True,
            )
            if done.returncode != 0:
                raise StackError(f"CREATE DATABASE {name} failed: {done.stderr.strip()}")
            self.databases.add(name)
        return self.url(name)

    def stop(self) -> None:
        # SIGINT is PostgreSQL's "fast" shutdown: end sessions, checkpoint, exit.
        _stop_process(self.proc, signal.SIGINT, grace_s=30)
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)

    def log_tail(self, lines: int = 40) -> str:
        return tail_file(self.log_path, lines)


@dataclass
class StackServer(SelfHostedServer):
    """`inngest start` pointed at an external Redis and PostgreSQL."""

    redis_uri: str | None = None
    postgres_uri: str | None = None

    def command(self) -> list[str]:
        cmd = super().command()
        if self.redis_uri:
            cmd += ["--redis-uri", self.redis_uri]
        if self.postgres_uri:
            i = cmd.index("--sqlite-dir")
            del cmd[i:i + 2]
            cmd += ["--postgres-uri", self.postgres_uri]
        return cmd

    def kill(self) -> None:
        """SIGKILL the server: no shutdown, no flush."""
        _stop_process(self.proc, signal.SIGKILL)


# Stacks started and not yet stopped, in this process: the kit's pytest plugin appends
# their logs to a failing test's report, whoever started them.
_RUNNING: list[Stack] = []


def running_stacks() -> list[Stack]:
    return list(_RUNNING)


@dataclass
class Stack:
    """Redis + PostgreSQL + `inngest start` x `instances`, sharing one signing key and event keys."""

    instances: int = 1
    persistence: Literal["appendonly", "none"] = "appendonly"
    external: bool = True  # False: the server's built-in in-memory Redis and SQLite
    binary: Path | None = None
    signing_key: str = field(default_factory=new_signing_key)
    event_keys: list[str] = field(default_factory=lambda: [new_event_key()])
    tick_ms: int = 50
    retry_interval_s: int = 1  # 0: the server's production backoff
    database: str = "inngest"
    postgres: PostgresServer | None = None  # pass one to share a cluster between stacks
    ports: list[int] | None = None  # the servers' main ports, to fix them before start
    workdir: Path | None = None
    redis: RedisServer | None = None
    servers: list[StackServer] = field(default_factory=list)
    _owns_postgres: bool = False

    def __post_init__(self) -> None:
        self.binary = self.binary or acquire().path  # PATH, cache, npm or a Go build
        if self.workdir is None:
            self.workdir = Path(tempfile.mkdtemp(prefix="inngest-kit-stack-"))
        ports = self.ports or [free_port() for _ in range(self.instances)]
        if len(ports) != self.instances:
            raise ValueError(f"{len(ports)} ports for {self.instances} instances")
        self.servers = [
            StackServer(self.binary, signing_key=self.signing_key, event_keys=self.event_keys, port=port,
                        tick_ms=self.tick_ms, retry_interval_s=self.retry_interval_s,
                        workdir=self.workdir / f"inngest-{i}")
            for i, port in enumerate(ports)
        ]
        if self.external:
            self.redis = RedisServer(self.workdir / "redis", persistence=self.persistence)

    # -- addresses and keys ---------------------------------------------------

    @property
    def url(self) -> str:
        return self.servers[0].url

    @property
    def urls(self) -> list[str]:
        return [s.url for s in self.servers]

    @property
    def redis_url(self) -> str | None:
        return self.redis.url if self.redis else None

    @property
    def postgres_url(self) -> str | None:
        return self.postgres.url(self.database) if self.postgres and self.external else None

    @property
    def event_key(self) -> str:
        return self.event_keys[0]

    @property
    def sdk_signing_key(self) -> str:
        """The signing key as an app's INNGEST_SIGNING_KEY takes it."""
        return sdk_signing_key(self.signing_key)

    def app_env(self, index: int = 0) -> dict[str, str]:
        """The environment an app needs to talk to this stack in production (cloud) mode."""
        url = self.servers[index].url
        return {"INNGEST_SIGNING_KEY": self.sdk_signing_key, "INNGEST_EVENT_KEY": self.event_key,
                "INNGEST_API_BASE_URL": url, "INNGEST_EVENT_API_BASE_URL": url}

    def api(self, index: int = 0) -> InngestAPI:
        return self.servers[index].api()

    # -- lifecycle ------------------------------------------------------------

    def start(self) -> Stack:
        _RUNNING.append(self)
        try:
            if self.external:
                self.redis.start()
                if self.postgres is None:
                    self.postgres, self._owns_postgres = PostgresServer().start(), True
                uri = self.postgres.create_database(self.database)
                for server in self.servers:
                    server.redis_uri, server.postgres_uri = self.redis.url, uri
            # One at a time: the first start migrates the PostgreSQL schema.
            for server in self.servers:
                self._start_server(server)
        except BaseException:
            self.stop()
            raise
        return self

    def _start_server(self, server: StackServer) -> None:
        try:
            server.start()
        except RuntimeError as exc:
            raise StackError(str(exc)) from None

    def stop(self) -> None:
        if self in _RUNNING:
            _RUNNING.remove(self)
        for server in self.servers:
            server.stop()
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None and self._owns_postgres:
            self.postgres.stop()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- faults ---------------------------------------------------------------

    def kill_server(self, index: int = 0) -> None:
        self.servers[index].kill()

    def restart_server(self, index: int = 0, *, kill: bool = False) -> float:
        """Stop (SIGTERM, or SIGKILL with kill=True) and start the instance on the same
        ports and keys; the seconds it was down."""
        server = self.servers[index]
        began = time.monotonic()
        server.kill() if kill else server.stop()
        self._start_server(server)
        return round(time.monotonic() - began, 3)

    def restart_redis(self, *, kill: bool = True, down_s: float = 0.0) -> float:
        """SIGKILL (or SIGTERM) redis-server, keep it down `down_s`, start it again on the
        same port and data; the seconds it was down.

        inngest start v1.44.0 exits (status 1) as soon as its queue finds Redis
        unreachable; restart_exited_servers() then does what a supervisor would."""
        if self.redis is None:
            raise StackError("this stack uses the server's in-memory Redis; restart the server instead")
        began = time.monotonic()
        self.redis.kill() if kill else self.redis.stop()
        time.sleep(down_s)
        self.redis.start()
        return round(time.monotonic() - began, 3)

    def exited_servers(self) -> list[int]:
        return [i for i, s in enumerate(self.servers) if s.proc is not None and s.proc.poll() is not None]

    def restart_exited_servers(self) -> list[int]:
        """Start again every instance whose process has exited (as systemd's Restart=always
        or a Kubernetes restart policy would); their indexes."""
        exited = self.exited_servers()
        for index in exited:
            self._start_server(self.servers[index])
        return exited

    def log_tails(self, lines: int = 40) -> str:
        parts = [f"--- inngest start #{i} ({s.url})\n{s.log_tail(lines)}" for i, s in enumerate(self.servers)]
        if self.redis:
            parts.append(f"--- redis-server ({self.redis.url})\n{self.redis.log_tail(lines)}")
        if self.postgres and self.postgres.base:
            parts.append(f"--- postgres\n{self.postgres.log_tail(lines)}")
        return "\n".join(parts)
