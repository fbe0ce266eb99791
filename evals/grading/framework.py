"""Tasks, candidate projects and the check-by-check grader every task's grader.py uses.

A grader never reads the candidate's code: it copies the project, swaps the
provided modules for instrumented copies (their side effects land in a ledger
file), serves the app in its own process against a real Inngest server with
short durations, sends events and checks outcomes, side effects and timing.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib
import json
import os
import shutil
import tempfile
import time
import tomllib
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from .kit import SERVE_PATH, InngestAPI, ServedProcess, now_rfc3339

EVALS = Path(__file__).resolve().parent.parent
TASKS = EVALS / "tasks"
INJECT = Path(__file__).resolve().parent / "inject"
APP_TARGET = "app.main:app"
START_TIMEOUT_S = 120.0
# What a copy of a project never needs (and an agent's run may leave behind).
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".venv", ".pytest_cache", ".ruff_cache", ".inngest",
                                 "node_modules", ".git")


# Everything a grading has running right now, so that an aborted selftest can stop it all.
LIVE: dict[int, ServedProcess] = {}  # id() -> app process (the dataclasses are not hashable)
ON_ABORT: list[Callable[[], None]] = []  # e.g. stop a shared self-hosted server


def abort_all() -> None:
    """Kill every app process a grading started and run the abort hooks (from a signal handler)."""
    for app in list(LIVE.values()):
        with contextlib.suppress(Exception):
            app.kill()
    for hook in ON_ABORT:
        with contextlib.suppress(Exception):
            hook()


@dataclass(frozen=True)
class Trap:
    name: str
    why: str
    fails: tuple[str, ...]  # the checks this mistake must fail
    from_starter: bool = False  # the starter itself is the trap (debug tasks: the bug left in)


@dataclass(frozen=True)
class Task:
    id: str
    kind: str  # create | improve | debug | design
    title: str
    app_id: str
    functions: tuple[str, ...]  # function ids the contract names
    checks: tuple[str, ...]
    traps: tuple[Trap, ...]
    instrumented: tuple[str, ...]  # project paths the grader replaces (from the task's instrumented/)
    dir: Path

    @classmethod
    def load(cls, task_id: str) -> Task:
        d = TASKS / task_id
        meta = tomllib.loads((d / "task.toml").read_text())
        traps = tuple(
            Trap(name, t["why"], tuple(t["fails"]), t.get("source") == "starter")
            for name, t in (meta.get("traps") or {}).items()
        )
        task = cls(
            id=meta["id"], kind=meta["kind"], title=meta["title"], app_id=meta["app_id"],
            functions=tuple(meta["functions"]), checks=tuple(meta["checks"]), traps=traps,
            instrumented=tuple(meta.get("instrumented", ["app/services.py"])), dir=d,
        )
        for trap in traps:
            unknown = set(trap.fails) - set(task.checks)
            if unknown:
                raise ValueError(f"{task.id}: trap {trap.name} names unknown checks {sorted(unknown)}")
        return task

    @property
    def instruction(self) -> str:
        return (self.dir / "instruction.md").read_text()

    @property
    def starter(self) -> Path:
        return self.dir / "starter"

    def solution(self, name: str) -> Path | None:
        """The files a solution lays over the starter (None: the starter as it is)."""
        if any(t.name == name and t.from_starter for t in self.traps):
            return None
        return self.dir / "solutions" / name

    @property
    def solutions(self) -> list[str]:
        return ["reference", *(t.name for t in self.traps)]

    def slugs(self) -> set[str]:
        return {f"{self.app_id}-{fn}" for fn in self.functions}

    def materialize(self, dest: Path, solution: str | None = None) -> Path:
        """The starter project in `dest`, with a solution's files laid over it."""
        shutil.copytree(self.starter, dest, dirs_exist_ok=True, ignore=IGNORE)
        overlay = self.solution(solution) if solution is not None else None
        if overlay is not None:
            shutil.copytree(overlay, dest, dirs_exist_ok=True, ignore=IGNORE)
        return dest


def all_tasks() -> list[Task]:
    return [Task.load(p.name) for p in sorted(TASKS.iterdir()) if (p / "task.toml").is_file()]


@dataclass
class CheckResult:
    name: str
    passed: bool
    evidence: str


class NotReached(Exception):
    pass


@dataclass
class Grader:
    task: Task
    project: Path  # the candidate's project (read only: graded from a copy)
    api: InngestAPI
    out: Callable[[str], None] = print
    results: dict[str, CheckResult] = field(default_factory=dict)
    workdir: Path | None = None
    apps: list[ServedProcess] = field(default_factory=list)

    # -- set-up -------------------------------------------------------------

    def prepare(self) -> Path:
        """Copy the project and put the instrumented modules in place."""
        self.started_at = now_rfc3339()
        self.workdir = Path(tempfile.mkdtemp(prefix=f"eval-{self.task.id}-"))
        shutil.copytree(self.project, self.workdir / "project", ignore=IGNORE)
        for rel in self.task.instrumented:
            target = self.workdir / "project" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(self.task.dir / "instrumented" / Path(rel).name, target)
        self.ledger_path = self.workdir / "ledger.jsonl"
        self.ledger_path.touch()
        return self.workdir / "project"

    def start_app(self, env: dict[str, str] | None = None, *, process_cls: type = ServedProcess,
                  sync: bool = True, api: InngestAPI | None = None) -> ServedProcess:
        """Serve the candidate's app in its own uvicorn process and sync it (safe to call from threads)."""
        project = self.workdir / "project"
        app = process_cls(
            target=APP_TARGET, api=api or self.api, expected_functions=self.task.slugs() if sync else set(),
            cwd=str(project), pythonpath=[str(project), str(INJECT)],
        )
        app.log_path = str(self.workdir / f"app-{app.port}.log")
        # "{url}" in a value stands for the app's own address (e.g. INNGEST_SERVE_ORIGIN).
        app.env = {"EVAL_LEDGER": str(self.ledger_path), **{k: v.replace("{url}", app.url) for k, v in (env or {}).items()}}
        self.apps.append(app)
        LIVE[id(app)] = app
        # Importing FastAPI and the SDK takes seconds of CPU; on a busy machine many times that.
        app.start(sync=False, timeout_s=START_TIMEOUT_S)
        if sync:
            self.sync(app)
        return app

    def sync(self, app: ServedProcess) -> None:
        """PUT the serve endpoint until the app has registered (the app then calls the server,
        which on a busy machine takes longer than the kit's one 2 s attempt allows)."""
        deadline = time.monotonic() + START_TIMEOUT_S
        last = ""
        while time.monotonic() < deadline:
            try:
                resp = httpx.put(app.url + SERVE_PATH, timeout=60)
                if resp.status_code == 200:
                    break
                last = f"{resp.status_code} {resp.text[:300]}"
            except httpx.HTTPError as exc:
                last = repr(exc)
            time.sleep(0.5)
        else:
            raise AssertionError(f"the app did not sync: {last}\n{app.log_tail()}")
        missing = app.expected_functions - app.api.function_slugs()
        if missing:
            raise AssertionError(f"synced, but these functions are not registered: {sorted(missing)}")

    def cleanup(self) -> None:
        """Stop the app, cancel its unfinished runs (a trap can leave runs that never end)
        and remove it from the server, so that the next grading starts clean."""
        for app in self.apps:
            with contextlib.suppress(Exception):
                app.stop()
            LIVE.pop(id(app), None)
        for slug in self.task.slugs():
            with contextlib.suppress(Exception):
                for run in self.api.runs_of_function(slug, since=self.started_at):
                    if run.status in ("RUNNING", "QUEUED"):
                        self.api.cancel(run.id)
        with contextlib.suppress(Exception):
            self.api.delete_app(self.task.app_id)
        if self.workdir is not None and not os.environ.get("EVAL_KEEP_WORKDIR"):
            shutil.rmtree(self.workdir, ignore_errors=True)  # EVAL_KEEP_WORKDIR=1 keeps ledger and app logs

    # -- what happened --------------------------------------------------------

    def ledger(self, kind: str | None = None, **match: object) -> list[dict]:
        entries = [json.loads(line) for line in self.ledger_path.read_text().splitlines() if line.strip()]
        return [e for e in entries if (kind is None or e["kind"] == kind)
                and all(e.get(k) == v for k, v in match.items())]

    def mark(self, kind: str, **data: object) -> None:
        """Write a fact into the ledger, as the outside world would (e.g. a user confirmed)."""
        with open(self.ledger_path, "a") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            f.write(json.dumps({"kind": kind, "t": time.time(), **data}) + "\n")

    def wait_until(self, predicate: Callable[[], object], timeout_s: float) -> bool:
        """Poll `predicate` until it is truthy; False when `timeout_s` passed."""
        deadline = time.monotonic() + timeout_s
        while True:
            if predicate():
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)

    def paused_in(self, run_id: str, timeout_s: float = 20.0) -> bool:
        """Wait until the run is paused in a wait for an event (trace: WAITING) or a sleep
        (trace: RUNNING with op SLEEP); False when it ended or never got there. An event meant
        for a wait must be sent after this: a wait never sees earlier events."""
        def state() -> bool | None:
            run = self.api.run(run_id)
            if run is not None and run.status in ("COMPLETED", "FAILED", "CANCELLED"):
                return None
            return any((s.op == "WAIT_FOR_EVENT" and s.status == "WAITING") or (s.op == "SLEEP" and s.status == "RUNNING")
                       for s in self.api.steps(run_id))

        deadline = time.monotonic() + timeout_s
        while (now := state()) is False and time.monotonic() < deadline:
            time.sleep(0.1)
        return bool(now)

    def registered(self) -> dict[str, dict]:
        """The task's functions as the server registered them, by function id."""
        prefix = f"{self.task.app_id}-"
        return {f["slug"][len(prefix):]: f for f in self.api.functions() if f["slug"].startswith(prefix)}

    def app_log(self) -> str:
        return "\n".join(a.log_tail(15) for a in self.apps)

    # -- checks ----------------------------------------------------------------

    @contextlib.contextmanager
    def check(self, name: str) -> Iterator[None]:
        """One named check: passes when the block finishes, fails with the block's error."""
        if name not in self.task.checks:
            raise KeyError(f"{self.task.id}: check {name!r} is not declared in task.toml")
        try:
            yield
        except Exception as exc:  # noqa: BLE001 - a check fails on any error, and the next one still runs
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            self._record(name, False, f"{type(exc).__name__}: {first}"[:300])
        else:
            self._record(name, True, "")

    def _record(self, name: str, passed: bool, evidence: str) -> None:
        self.results[name] = CheckResult(name, passed, evidence)
        self.out(f"{'PASS' if passed else 'FAIL'} {name}" + (f" -- {evidence}" if evidence else ""))

    def run(self, grade: Callable[[Grader], None]) -> list[CheckResult]:
        self.prepare()
        try:
            grade(self)
        except Exception as exc:  # noqa: BLE001
            reason = f"not reached: {type(exc).__name__}: {(str(exc).strip().splitlines() or [''])[0]}"[:300]
            for name in self.task.checks:
                if name not in self.results:
                    self._record(name, False, reason)
            if not isinstance(exc, AssertionError):
                self.out("".join(traceback.format_exception_only(exc)).strip()[:500])
        finally:
            self.cleanup()
        for name in self.task.checks:
            if name not in self.results:
                self._record(name, False, "not reached (the grader skipped it)")
        ordered = [self.results[n] for n in self.task.checks]
        passed = sum(r.passed for r in ordered)
        self.out(f"{passed} passed, {len(ordered) - passed} failed")
        return ordered


def grade_project(task: Task, project: Path, api: InngestAPI, out: Callable[[str], None] = print) -> list[CheckResult]:
    module = importlib.import_module(f"evals.tasks.{task.dir.name}.grader")
    return Grader(task, project, api, out=out).run(module.grade)
