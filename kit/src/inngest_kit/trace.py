"""A run as a readable tree: steps in order, attempts, outputs, errors, sleeps and
waits with their times, events sent, final status and output.

    from inngest_kit.trace import render_run
    print(render_run(api, run_id))

`read_run` gathers everything from the server (through api.py, the one place
that knows the GraphQL shapes) into plain dataclasses; `render` turns those into
text. Plain text on purpose: it goes into pytest reports, terminals and logs alike.

A wait that timed out (or still waits) is explained: the events of the awaited
name that arrived while it waited, and for each why the match expression did
not accept it (a field the event does not have, or a different value). That is
the usual bug: a typo in `async.data.<field>`, or the event sent before the wait.
"""

from __future__ import annotations

import datetime
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

from .api import SYSTEM_SPANS, InngestAPI, InngestAPIError, parse_time

_OPS = {"RUN": "run", "SLEEP": "sleep", "WAIT_FOR_EVENT": "wait", "INVOKE": "invoke", "AI_GATEWAY": "ai",
        "STEP_ERROR": "run", "WAIT_FOR_SIGNAL": "signal"}
_ULID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")
# `async.data.a.b == "x"` (the server substitutes `event.*` with literals before storing the expression).
_ASYNC_PATH = re.compile(r"\basync\.((?:data|name|id|user)(?:\.\w+)*)")
_COMPARISON = re.compile(r"\basync\.([\w.]+)\s*==\s*(\"(?:[^\"\\]|\\.)*\"|'[^']*'|-?\d+(?:\.\d+)?|true|false)")
MAX_VALUE_CHARS = 240


@dataclass
class Attempt:
    name: str
    status: str
    duration_ms: int | None
    error: str | None = None


@dataclass
class StepNode:
    name: str
    kind: str  # run sleep wait invoke send system ...
    status: str
    attempts: int  # attempts made (1 = first try)
    queued_at: str | None
    started_at: str | None
    ended_at: str | None
    duration_ms: int | None
    output: Any = None
    error: str | None = None
    info: dict = field(default_factory=dict)
    attempt_spans: list[Attempt] = field(default_factory=list)
    sent: list[dict] = field(default_factory=list)  # events a send step sent: {id, name, data}
    notes: list[str] = field(default_factory=list)  # explanations (why a wait matched nothing)


@dataclass
class RunView:
    id: str
    status: str
    function: str | None
    event_name: str | None
    trigger: list[Any]
    queued_at: str | None
    started_at: str | None
    ended_at: str | None
    output: Any
    steps: list[StepNode]
    system: list[StepNode]

    @property
    def events_sent(self) -> list[dict]:
        return [e for s in self.steps for e in s.sent]


def _decode(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _error_text(error: dict | None) -> str | None:
    if not error:
        return None
    name, message = error.get("name"), error.get("message")
    if not message and isinstance(error.get("stack"), str):
        # The server's own errors ("Unable to reach SDK URL") arrive as JSON in `stack`.
        inner = _decode(error["stack"])
        while isinstance(inner, dict) and isinstance(inner.get("error"), dict):
            inner = inner["error"]
        if isinstance(inner, dict):
            name, message = name or inner.get("name"), inner.get("message") or inner.get("error")
    return f"{name}: {message}" if name and message else (message or name or json.dumps(error))


def read_run(api: InngestAPI, run_id: str) -> RunView | None:
    """Everything the server knows about a run, or None if it has no such run (yet)."""
    raw = api.run_tree(run_id)
    if not raw:
        return None
    try:
        trigger = api.trigger(run_id).get("payloads") or []
    except InngestAPIError:
        trigger = []
    trace = raw.get("trace") or {}
    steps: list[StepNode] = []
    system: list[StepNode] = []
    for span in trace.get("childrenSpans") or []:
        node = _node(api, span)
        (system if span["name"] in SYSTEM_SPANS else steps).append(node)
    view = RunView(
        id=raw.get("id") or run_id,
        status=raw.get("status") or trace.get("status") or "?",
        function=(raw.get("function") or {}).get("slug"),
        event_name=raw.get("eventName"),
        trigger=trigger,
        queued_at=raw.get("queuedAt"),
        started_at=raw.get("startedAt"),
        ended_at=raw.get("endedAt"),
        output=_decode(raw.get("output")),
        steps=steps,
        system=system,
    )
    for node in steps:
        if node.kind == "wait" and (node.info.get("timedOut") or node.status in ("WAITING", "RUNNING")):
            node.notes = explain_wait(api, node, view)
    return view


def _node(api: InngestAPI, span: dict) -> StepNode:
    info = dict(span.get("stepInfo") or {})
    info.pop("__typename", None)
    op = span.get("stepOp")
    children = span.get("childrenSpans") or []
    node = StepNode(
        name=span["name"],
        kind="system" if span["name"] in SYSTEM_SPANS else _OPS.get(op or "", "run"),
        status=span.get("status") or "?",
        # `attempts` is the 0-based number of the last attempt; the children, when
        # present, are one span per attempt.
        attempts=max(len(children), (span.get("attempts") or 0) + 1),
        queued_at=span.get("queuedAt"),
        started_at=span.get("startedAt"),
        ended_at=span.get("endedAt"),
        duration_ms=span.get("duration"),
        info=info,
    )
    if span.get("outputID"):
        try:
            out = api.step_output(span["outputID"])
            node.output, node.error = out.data, _error_text(out.error)
        except InngestAPIError as exc:
            node.error = f"(output unreadable: {exc})"
    for child in children:
        attempt = Attempt(name=child["name"], status=child.get("status") or "?", duration_ms=child.get("duration"))
        if child.get("outputID") and attempt.status == "FAILED":
            try:
                attempt.error = _error_text(api.step_output(child["outputID"]).error)
            except InngestAPIError:
                pass
        node.attempt_spans.append(attempt)
    # step.send_event is a RUN step whose output is the ids of the events it sent.
    if node.kind == "run" and isinstance(node.output, list) and node.output and all(
        isinstance(i, str) and _ULID.match(i) for i in node.output
    ):
        sent = _events(api, node.output)
        if sent:
            node.kind = "send"
            node.sent = [{"id": e["id"], "name": e["name"], "data": (e.get("raw") or {}).get("data")} for e in sent]
    return node


def _events(api: InngestAPI, ids: list[str], timeout_s: float = 3.0) -> list[dict] | None:
    """The stored events with these ids, or None if they are not all events. A just
    sent event can take a moment to be stored: poll briefly."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            found = [api.event(i) for i in ids]
        except InngestAPIError:
            return None
        if all(found):
            return found
        if time.monotonic() > deadline:
            return None
        time.sleep(0.1)


def explain_wait(api: InngestAPI, node: StepNode, run: RunView) -> list[str]:
    """Why a wait matched nothing: the events of its name that arrived while it
    waited, each with the reason the expression refused it."""
    name, expression = node.info.get("eventName"), node.info.get("expression") or ""
    if not name or not node.started_at:
        return []
    began, ended = parse_time(node.started_at), parse_time(node.ended_at)
    try:
        events = api.events(name, since=node.started_at)
    except InngestAPIError as exc:
        return [f"(could not list {name} events: {exc})"]
    during = []
    for ev in events:
        ts = ev.get("ts")
        at = datetime.datetime.fromtimestamp(ts / 1000, tz=datetime.UTC) if isinstance(ts, int | float) else None
        if at is not None and ended is not None and at > ended + datetime.timedelta(seconds=1):
            continue
        during.append(ev)
    if not during:
        before = ""
        try:
            earlier = api.events(name, since=run.queued_at or node.started_at)
            if earlier and began is not None:
                before = f"; {len(earlier)} arrived after the run began but before the wait started (a wait only sees later events)"
        except InngestAPIError:
            pass
        return [f"no {name!r} event arrived while it waited{before}"]
    notes = [f"{len(during)} {name!r} event(s) arrived while it waited; none matched {expression}"]
    for ev in during[-5:]:
        notes.append(f"  event {ev.get('_id')}: {_why_not(expression, ev)}")
    return notes


def _lookup(event: dict, path: str) -> tuple[bool, Any]:
    cur: Any = event
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return False, None
        cur = cur[part]
    return True, cur


def _why_not(expression: str, event: dict) -> str:
    for path in dict.fromkeys(_ASYNC_PATH.findall(expression)):
        found, _ = _lookup(event, path)
        if not found:
            parent = path.rsplit(".", 1)[0] if "." in path else ""
            ok, holder = _lookup(event, parent) if parent else (True, event)
            fields = ", ".join(sorted(holder)) if ok and isinstance(holder, dict) else "?"
            return f"has no field {path} (async.{path} in the expression; {parent or 'the event'} has: {fields})"
    for path, literal in _COMPARISON.findall(expression):
        found, value = _lookup(event, path)
        try:
            wanted = json.loads(literal) if not literal.startswith("'") else literal[1:-1]
        except ValueError:
            continue
        if found and value != wanted:
            return f"{path} is {json.dumps(value)}, the expression wants {json.dumps(wanted)}"
    return f"the expression did not accept it (data: {_short(event.get('data'))})"


def _short(value: Any, limit: int = MAX_VALUE_CHARS) -> str:
    text = json.dumps(value, default=str, sort_keys=True) if not isinstance(value, str) else json.dumps(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _seconds(ms: int | None) -> str:
    if ms is None:
        return ""
    return f"{ms} ms" if ms < 1000 else f"{ms / 1000:.2f} s"


def _clock_from(start: str | None, value: str | None) -> str:
    """`value` as _clock does, with its date when it falls on another day than `start`
    (a 48 h timeout or a 7-day sleep would otherwise read as the same moment)."""
    t, s = parse_time(value), parse_time(start)
    if t and s and t.date() != s.date():
        return t.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    return _clock(value)


def _clock(value: str | None) -> str:
    t = parse_time(value)
    return t.strftime("%H:%M:%S.%f")[:-3] if t else "?"


def render(view: RunView) -> str:
    lines = [f"run {view.id}  {view.function or '?'}  {view.status}"]
    began, ended = parse_time(view.started_at or view.queued_at), parse_time(view.ended_at)
    if began:
        took = f", took {(ended - began).total_seconds():.2f} s" if ended else ", still going"
        lines[0] += f"  (started {_clock(view.started_at or view.queued_at)}{took})"
    if view.trigger:
        for payload in view.trigger[:3]:
            if isinstance(payload, dict):
                lines.append(f"  trigger: {payload.get('name', view.event_name)} {_short(payload.get('data'))}")
    elif view.event_name:
        lines.append(f"  trigger: {view.event_name}")
    entries = view.steps + [s for s in view.system if s.error or s.status == "FAILED"]
    for i, step in enumerate(entries):
        last = i == len(entries) - 1
        lines += _render_step(step, "  └─ " if last else "  ├─ ", "     " if last else "  │  ")
    if not entries:
        lines.append("  (no steps)")
    if view.events_sent:
        lines.append("  events sent: " + ", ".join(f"{e['name']} ({e['id']})" for e in view.events_sent))
    final = "output" if view.status == "COMPLETED" else "result"
    if view.output is not None:
        lines.append(f"  {final}: {_short(view.output)}")
    return "\n".join(lines)


def _render_step(step: StepNode, head: str, indent: str) -> list[str]:
    tries = f", {step.attempts} attempts" if step.attempts > 1 else ""
    line = f"{head}{step.name}  [{step.kind}] {step.status}  {_seconds(step.duration_ms)}{tries}".rstrip()
    out = [line]
    info = step.info
    if step.kind == "sleep":
        out.append(f"{indent}slept {_clock(step.started_at)} -> until {_clock_from(step.started_at, info.get('sleepUntil'))}")
    elif step.kind == "wait":
        waited = f"waits for {info.get('eventName')!r} if {info.get('expression') or 'any'}"
        out.append(f"{indent}{waited}, from {_clock(step.started_at)}, timeout {_clock_from(step.started_at, info.get('timeout'))}")
        if info.get("foundEventID"):
            out.append(f"{indent}matched event {info['foundEventID']}")
        elif info.get("timedOut"):
            out.append(f"{indent}timed out: returned None")
    elif step.kind == "invoke":
        out.append(f"{indent}invoked {info.get('functionID')} run {info.get('runID')}"
                   + (" (timed out)" if info.get("timedOut") else ""))
    for note in step.notes:
        out.append(f"{indent}! {note}")
    for attempt in step.attempt_spans:
        if len(step.attempt_spans) > 1 or attempt.error:
            err = f": {attempt.error}" if attempt.error else ""
            out.append(f"{indent}- {attempt.name} {attempt.status} {_seconds(attempt.duration_ms)}{err}".rstrip())
    for ev in step.sent:
        out.append(f"{indent}sent {ev['name']} {_short(ev['data'])} ({ev['id']})")
    if step.error:
        out.append(f"{indent}error: {step.error}")
    elif step.output is not None and step.kind not in ("send", "system"):
        out.append(f"{indent}-> {_short(step.output)}")
    return out


def render_run(api: InngestAPI, run_id: str) -> str:
    """The run as text; never raises (it goes into failure messages)."""
    try:
        view = read_run(api, run_id)
    except Exception as exc:  # a failure message must never fail itself
        return f"run {run_id}: (could not read the trace: {exc})"
    return render(view) if view else f"run {run_id}: the server has no such run (yet)"
