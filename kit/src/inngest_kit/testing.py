"""What a test holds on to: the apps it serves and the runs it follows.

    app = inngest_app("shop.main:app")                 # served, synced, registration checked
    run = inngest_runs.start("order/placed", {"order_id": "o-1"})
    run.wait_for_step("wait-for-payment")              # WAITING
    inngest_runs.send("payment/settled", {"order_id": "o-1"})
    run.wait()                                         # COMPLETED, or fails at once with the run's tree
    assert run.output == {...}
    assert run.step("charge").output == {...}
    assert [e["name"] for e in run.events_sent()] == ["order/shipped"]

`inngest_app` and `inngest_runs` are the pytest fixtures (pytest_plugin.py);
these classes work without pytest too.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from dataclasses import dataclass
from typing import Any

from .api import InngestAPI, InngestAPIError, Run, Step
from .apps import ServedApp, ServedProcess, load_app


def reset_to_defaults(settings: Any, monkeypatch: Any) -> Any:
    """Put every field of a dataclass settings object back to its default (what production
    runs with: 48 h, days) for one test; `monkeypatch` (pytest's) restores the values after it.
    For tests that skip time (the `time_skipper` fixture) instead of shortening durations."""
    defaults = type(settings)()
    for item in dataclasses.fields(settings):
        monkeypatch.setattr(settings, item.name, getattr(defaults, item.name))
    return settings


@dataclass(frozen=True)
class StepResult:
    """One step with what it returned or raised."""

    name: str
    status: str
    op: str | None
    attempts: int | None  # the 0-based number of the last attempt (2 = succeeded on the third)
    output: Any  # decoded JSON the step returned
    error: dict | None  # {"name", "message", "stack"} if it failed
    info: dict | None  # sleeps: sleepUntil; waits: eventName, expression, timeout, timedOut, foundEventID


class RunHandle:
    """A run being followed. Every wait fails fast: a run that ends otherwise than
    expected raises at once, with the run's tree in the message."""

    def __init__(self, api: InngestAPI, run_id: str, function: str | None = None):
        self.api = api
        self.id = run_id
        self.function = function
        self._record: Run | None = None

    def __repr__(self) -> str:
        return f"RunHandle({self.id!r}, function={self.function!r})"

    def wait(self, status: str = "COMPLETED", *, timeout_s: float = 30.0) -> RunHandle:
        self._record = self.api.wait_for_run(self.id, status, timeout_s=timeout_s)
        return self

    def wait_for_step(self, name: str, status: str = "WAITING", *, timeout_s: float = 20.0) -> Step:
        """Until step `name` reaches `status` (a wait_for_event WAITING; a sleep RUNNING)."""
        return self.api.wait_for_step(self.id, name, status, timeout_s=timeout_s)

    @property
    def record(self) -> Run:
        if self._record is None or self._record.status not in ("COMPLETED", "FAILED", "CANCELLED"):
            self._record = self.api.run(self.id) or self._record
        if self._record is None:
            raise InngestAPIError(f"the server has no run {self.id} yet")
        return self._record

    @property
    def status(self) -> str:
        return self.record.status

    @property
    def output(self) -> Any:
        return self.record.output

    def steps(self) -> list[Step]:
        return self.api.steps(self.id)

    @property
    def step_names(self) -> list[str]:
        return self.api.step_names(self.id)

    def step(self, name: str) -> StepResult:
        """Step `name` with its output or error (the first with that id; reused ids get ":N")."""
        found = next((s for s in self.api.steps(self.id) if s.name == name), None)
        deadline = time.monotonic() + 3.0
        while found is None and time.monotonic() < deadline:  # a step's span can land after the run ended
            time.sleep(0.1)
            found = next((s for s in self.api.steps(self.id) if s.name == name), None)
        if found is None:
            raise InngestAPIError(f"run {self.id} has no step {name!r}\n{self.tree()}")
        out = self.api.step_output(found)
        return StepResult(name=found.name, status=found.status, op=found.op, attempts=found.attempts,
                          output=out.data, error=out.error, info=found.info)

    def events_sent(self) -> list[dict]:
        """The events the run sent with step.send_event, in order: {id, name, data}."""
        from .trace import read_run

        view = read_run(self.api, self.id)
        return view.events_sent if view else []

    def cancel(self, *, timeout_s: float = 20.0) -> RunHandle:
        self.api.cancel(self.id)
        return self.wait("CANCELLED", timeout_s=timeout_s)

    def tree(self) -> str:
        from .trace import render_run

        return render_run(self.api, self.id)


class Runs:
    """Send events and follow the runs they start (the `inngest_runs` fixture)."""

    def __init__(self, api: InngestAPI):
        self.api = api

    def send(self, name: str, data: dict | None = None, **fields: Any) -> str:
        """Send one event to the server; returns its id."""
        return self.api.send(name, data, **fields)

    def of(self, event_id: str, *, function: str | None = None, timeout_s: float = 20.0) -> RunHandle:
        """The run an event started (of `function`, a slug suffix, when the event starts several)."""
        run = self.api.run_for_event(event_id, function=function, timeout_s=timeout_s)
        return RunHandle(self.api, run.id, run.function_slug)

    def all_of(self, event_id: str, *, expect: int = 1, timeout_s: float = 20.0) -> list[RunHandle]:
        """Every run an event started (waits for `expect`; expect=0 waits timeout_s and proves none)."""
        runs = self.api.runs_for_event(event_id, expect=expect, timeout_s=timeout_s)
        return [RunHandle(self.api, r.id, r.function_slug) for r in runs]

    def start(self, name: str, data: dict | None = None, *, function: str | None = None, **fields: Any) -> RunHandle:
        """Send an event and return the run it started."""
        return self.of(self.send(name, data, **fields), function=function)

    def complete(self, name: str, data: dict | None = None, *, function: str | None = None,
                 timeout_s: float = 30.0, **fields: Any) -> RunHandle:
        """Send an event and wait until its run COMPLETED (fails fast otherwise)."""
        return self.start(name, data, function=function, **fields).wait(timeout_s=timeout_s)

    def run(self, run_id: str) -> RunHandle:
        return RunHandle(self.api, run_id)


class AppServer:
    """Serve apps from import paths, once per session each (the `inngest_app` fixture)."""

    def __init__(self, api: InngestAPI, rootdir: str | None = None):
        self.api = api
        self.rootdir = rootdir or os.getcwd()
        self.served: dict[tuple, ServedApp | ServedProcess] = {}

    def __call__(self, target: str, *, env: dict[str, str] | None = None, process: bool = False,
                 expect: set[str] | None = None, package: str | None = None) -> ServedApp | ServedProcess:
        """Serve `target` ("package.module:app") and sync it; a function the server
        refuses fails here with the server's reason (RegistrationError).

        In this process (default): the app's in-memory state is yours to look at
        (`app.module`, `app.services`). The plugin has pointed INNGEST_DEV at the
        test server before your test modules imported anything, so a client made
        at import time talks to it. `env` is applied before the module is imported;
        if it was imported already, ask for `process=True` instead.

        process=True: its own `python -m uvicorn` process with `env` on top of a
        scrubbed environment; for crashes (`.kill()`) and a clean import.

        `expect`: slugs that must be registered; by default the check is that the
        server registered as many functions as the SDK serves, with no error."""
        key = (target, process, tuple(sorted((env or {}).items())))
        if key in self.served:
            return self.served[key]
        if process:
            path = [self.rootdir] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
            served: ServedApp | ServedProcess = ServedProcess(
                target=target, api=self.api, expected_functions=set(expect or ()), cwd=self.rootdir,
                pythonpath=path, env=dict(env or {}))
        else:
            module_name = target.partition(":")[0]
            if env:
                if module_name in sys.modules:
                    raise InngestAPIError(
                        f"{module_name} was imported before its env could be set (a client reads INNGEST_* "
                        "when created); serve it with process=True, or import it inside the test")
                os.environ.update(env)
            module, app = load_app(target)
            served = ServedApp(app, self.api, set(expect or ()), package=package, module_name=module.__name__)
        try:
            served.start()
        except BaseException:
            served.stop()  # a refused sync must not leave the app serving
            raise
        self.served[key] = served
        return served

    def stop_all(self) -> None:
        for served in self.served.values():
            served.stop()
        self.served.clear()
