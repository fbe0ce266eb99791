"""Everything a test needs to drive the real Inngest server and read back what happened.

One module on purpose: the GraphQL endpoint (`/v0/gql`) is the server's internal
UI API with no stability promise, so every query lives here and nowhere else.
We read runs through GraphQL, never through REST `/v1` GETs, which the server
caches for 3-15 s.

All waits poll (never fixed sleeps) and fail fast: a run that reaches a
terminal status other than the one expected raises at once with its step trace.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx

TERMINAL = frozenset({"COMPLETED", "FAILED", "CANCELLED", "SKIPPED"})
# Trace spans that are not user steps (server pkg/consts/otel.go, pkg/coreapi/graph/loaders/trace.go).
# Note a FAILED step has no stepOp, so the op cannot tell steps from these.
SYSTEM_SPANS = frozenset({"function success", "function error", "Finalization", "execute"})
# The spans that mean the run's trace is closed ("execute" is a placeholder that
# can exist before the closing span lands).
CLOSING_SPANS = frozenset({"function success", "function error"})
POLL_S = 0.1
# A FAILED run's trace without a closing span counts as settled after this long unchanged.
QUIET_S = 0.5


def parse_time(value: str | None) -> datetime.datetime | None:
    """A GraphQL time (RFC 3339, "Z") as an aware datetime; None if absent or unreadable."""
    if not value:
        return None
    try:
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _skipped_sleep(span: dict) -> bool:
    """A sleep whose timer was moved (inngest_kit.timeskip): the run went on, but the
    server leaves the span RUNNING with its original, future `sleepUntil`. A sleep that
    ended on its own has `sleepUntil` in the past, so a lagging span still counts as open."""
    until = parse_time((span.get("stepInfo") or {}).get("sleepUntil"))
    return (span.get("stepOp") == "SLEEP" and span.get("status") == "RUNNING" and until is not None
            and until > datetime.datetime.now(datetime.UTC))


class InngestAPIError(AssertionError):
    """The server answered something a test did not expect. Subclasses AssertionError
    so pytest reports it as a test failure with its message, not as a crash."""


@dataclass(frozen=True)
class Step:
    """One step of a run as the server's trace shows it."""

    name: str  # the user-facing step id, e.g. "send-email"
    status: str  # QUEUED RUNNING WAITING COMPLETED FAILED CANCELLED SKIPPED
    op: str | None  # RUN SLEEP WAIT_FOR_EVENT INVOKE ... (None for a FAILED step and system spans)
    attempts: int | None
    output_id: str | None
    # Child spans: one per attempt (for retried steps) or per invoked function.
    children: tuple[Step, ...] = ()
    step_id: str | None = None  # sha1 of the step id the SDK sent (":N" suffixed when reused)
    # stepInfo by op: SLEEP {sleepUntil}; WAIT_FOR_EVENT {eventName, expression, timeout,
    # foundEventID, timedOut}; INVOKE {functionID, timeout, runID, timedOut, ...}
    info: dict | None = None


@dataclass(frozen=True)
class StepOutput:
    data: Any  # decoded JSON, or None
    error: dict | None  # {"message", "name", "stack"} when the step failed
    input: Any = None


@dataclass(frozen=True)
class Run:
    id: str
    status: str
    output: Any  # decoded JSON of the function's return value (or its error)
    function_slug: str | None = None
    event_name: str | None = None
    started_at: str | None = None
    ended_at: str | None = None
    raw: dict = field(default_factory=dict, repr=False, compare=False)


_RUNS_OF_EVENT = """
query ($id: ID!) { event(query: {eventId: $id}) { id name functionRuns { id status function { slug } } } }
"""
# Two views of a run. `functionRun` (the run's own record) gets its final
# status and output in one write; `run` (built from the trace) catches up about
# 100 ms later. We wait on the first, then on the second so that the step list
# read right after a run ended is complete.
_RUN_RECORD = """
query ($id: ID!) { functionRun(query: {functionRunId: $id}) { id status output startedAt finishedAt function { slug } } }
"""
_RUN = """
query ($id: String!) {
  run(runID: $id) { id status output startedAt endedAt eventName function { slug } trace { status } }
}
"""
_STEP_INFO = """
stepInfo { __typename
  ... on SleepStepInfo { sleepUntil }
  ... on WaitForEventStepInfo { eventName expression timeout foundEventID timedOut }
  ... on InvokeStepInfo { functionID timeout runID timedOut triggeringEventID returnEventID }
  ... on RunStepInfo { type } }
"""
_TRACE = (
    """
query ($id: String!) {
  run(runID: $id) { status trace {
    name status stepOp attempts outputID endedAt
    childrenSpans { name status stepOp stepID attempts outputID endedAt """
    + _STEP_INFO
    + """
      childrenSpans { name status stepOp attempts outputID } } } }
}
"""
)
_SPAN_OUTPUT = """
query ($id: String!) { runTraceSpanOutputByID(outputID: $id) { input data error { message name stack } } }
"""
_TRIGGER = """
query ($id: String!) { runTrigger(runID: $id) { eventName IDs payloads isBatch cron } }
"""
_CANCEL = """
mutation ($id: ULID!) { cancelRun(runID: $id) { id status } }
"""
_FUNCTIONS = """
query { functions { slug name url triggers { type value condition } config } }
"""
_RUNS_BY_FUNCTION = """
query ($from: Time!, $fn: [UUID!], $after: String) {
  runs(first: 200, after: $after, filter: {from: $from, functionIDs: $fn},
       orderBy: [{field: QUEUED_AT, direction: ASC}]) {
    edges { node { id status output startedAt endedAt function { slug } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
_EVENTS = """
query ($names: [String!], $from: Time!, $after: String, $internal: Boolean!) {
  eventsV2(first: 100, after: $after, filter: {eventNames: $names, from: $from, includeInternalEvents: $internal}) {
    edges { node { id name idempotencyKey occurredAt raw } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
_DELETE_APP = """
mutation ($name: String!) { deleteAppByName(name: $name) }
"""
# The run tree for reading (trace.py): every span with its times and step info,
# down to the attempts of a step.
_SPAN_FIELDS = "name status stepOp stepID attempts outputID queuedAt startedAt endedAt duration"
_RUN_TREE = (
    """
query ($id: String!) {
  run(runID: $id) { id status output queuedAt startedAt endedAt eventName function { slug name app { name } }
    trace { """
    + _SPAN_FIELDS
    + " childrenSpans { "
    + _SPAN_FIELDS
    + _STEP_INFO
    + " childrenSpans { "
    + _SPAN_FIELDS
    + """ } } } }
}
"""
)
_APPS = """
query { apps { id name url error functionCount functions { slug name } } }
"""
_EVENT = """
query ($id: ID!) { event(query: {eventId: $id}) { id name createdAt raw } }
"""
_RECENT_RUNS = """
query ($from: Time!, $first: Int!) {
  runs(first: $first, filter: {from: $from}, orderBy: [{field: QUEUED_AT, direction: DESC}]) {
    edges { node { id status queuedAt startedAt endedAt eventName function { slug } } }
  }
}
"""
_FUNCTION_BY_SLUG = """
query ($slug: String!) { functionBySlug(query: {functionSlug: $slug}) { id slug } }
"""


def _decode(value: Any) -> Any:
    """GraphQL `Bytes` fields arrive as JSON text; decode when they hold JSON."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


class InngestAPI:
    """Sync helpers over one dev (or self-hosted) server. Cheap to create."""

    def __init__(self, base_url: str, *, event_key: str = "test", timeout_s: float = 10.0):
        self.base_url = base_url.rstrip("/")
        self.event_key = event_key
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout_s)
        # Runs this client looked at, newest last: the pytest plugin renders them
        # when a test fails (see pytest_plugin.py). Cleared per test.
        self.runs_seen: list[str] = []

    def _saw(self, run_id: str) -> None:
        if run_id in self.runs_seen:
            self.runs_seen.remove(run_id)
        self.runs_seen.append(run_id)

    def close(self) -> None:
        self._http.close()

    @property
    def auth_headers(self) -> dict[str, str]:
        """The Authorization header this client sends (a self-hosted server's signing key as
        Bearer token), for calls to the server's other authenticated endpoints; {} on the dev server."""
        auth = self._http.headers.get("Authorization")
        return {"Authorization": auth} if auth else {}

    # -- low level --------------------------------------------------------

    def gql(self, query: str, **variables: Any) -> dict:
        resp = self._http.post("/v0/gql", json={"query": query, "variables": variables})
        resp.raise_for_status()
        body = resp.json()
        # Failures come back as HTTP 200 with "errors" in the body.
        if body.get("errors"):
            raise InngestAPIError(f"GraphQL error: {body['errors']}")
        return body["data"]

    # -- events -----------------------------------------------------------

    def send(self, name: str, data: dict | None = None, **fields: Any) -> str:
        """Send one event straight to the server's event API; return its id."""
        return self.send_many([{"name": name, "data": data or {}, **fields}])[0]

    def send_many(self, events: Iterable[dict]) -> list[str]:
        events = list(events)
        resp = self._http.post(f"/e/{self.event_key}", json=events)
        if resp.status_code >= 300:
            raise InngestAPIError(f"event API answered {resp.status_code}: {resp.text}")
        body = resp.json()
        ids = body.get("ids") or []
        if len(ids) != len(events):
            raise InngestAPIError(f"sent {len(events)} events, server returned ids {ids}: {body}")
        return ids

    # -- runs -------------------------------------------------------------

    def runs_for_event(self, event_id: str, *, expect: int = 1, timeout_s: float = 20.0) -> list[Run]:
        """The runs an event started; waits until at least `expect` exist.

        With `expect=0`, waits `timeout_s` and returns whatever exists then (to
        prove that an event started *no* run, e.g. when a rate limit dropped it).
        """
        deadline = time.monotonic() + timeout_s
        runs: list[Run] = []
        while True:
            try:
                ev = self.gql(_RUNS_OF_EVENT, id=event_id).get("event")
            except InngestAPIError as exc:
                if "no rows" not in str(exc):
                    raise
                ev = None  # the event is not stored yet
            runs = [
                Run(id=r["id"], status=r["status"], output=None, function_slug=(r.get("function") or {}).get("slug"))
                for r in ((ev or {}).get("functionRuns") or [])
            ]
            if expect and len(runs) >= expect:
                for r in runs:
                    self._saw(r.id)
                return runs
            if time.monotonic() > deadline:
                if expect:
                    raise InngestAPIError(
                        f"event {event_id} started {len(runs)} run(s) within {timeout_s} s, expected {expect}"
                    )
                return runs
            time.sleep(POLL_S)

    def run_for_event(self, event_id: str, *, function: str | None = None, timeout_s: float = 20.0) -> Run:
        """The one run an event started (for `function`, a slug suffix, when the event fans out)."""
        deadline = time.monotonic() + timeout_s
        while True:
            runs = self.runs_for_event(event_id, timeout_s=max(0.1, deadline - time.monotonic()))
            if function is not None:
                runs = [r for r in runs if (r.function_slug or "").endswith(function)]
            if len(runs) == 1:
                return runs[0]
            if len(runs) > 1:
                raise InngestAPIError(f"event {event_id} started {len(runs)} runs: {runs}")
            if time.monotonic() > deadline:
                raise InngestAPIError(f"event {event_id} started no run of {function!r}")
            time.sleep(POLL_S)

    def run(self, run_id: str) -> Run | None:
        """The run's record (status and output), or None while the server has not stored it yet."""
        try:
            r = self.gql(_RUN_RECORD, id=run_id).get("functionRun")
        except InngestAPIError as exc:
            if "no rows" not in str(exc) and "not found" not in str(exc):
                raise
            return None
        if not r:
            return None
        return Run(
            id=r["id"],
            status=r["status"],
            output=_decode(r.get("output")),
            function_slug=(r.get("function") or {}).get("slug"),
            started_at=r.get("startedAt"),
            ended_at=r.get("finishedAt"),
            raw=r,
        )

    def _trace_settled(self, run_id: str, status: str) -> bool | tuple:
        """True once the trace agrees with the run record: same status and, for a
        finished or failed run, its closing system span present and nothing still
        running (a step span can appear a moment after the run record ends).

        A FAILED run does not always get a closing span: a failure in the handler
        leaves a FAILED "execute" span, a run stopped at the step limit only its
        steps. For those this returns the trace's shape (a tuple) once the trace
        and every span in it have ended; wait_for_run takes the trace as settled
        when that shape has not changed for QUIET_S."""
        try:
            r = self.gql(_TRACE, id=run_id).get("run") or {}
        except InngestAPIError:
            return False
        trace = r.get("trace")
        if r.get("status") != status or not trace or trace.get("status") != status:
            return False
        children = trace.get("childrenSpans") or []
        if status == "COMPLETED" and any(c["status"] in ("RUNNING", "QUEUED") and not _skipped_sleep(c) for c in children):
            return False  # a step span can land just after the run record
        if status in ("COMPLETED", "FAILED"):
            # (A FAILED run's trace may keep a step RUNNING forever, e.g. after
            # "Nested steps are not supported."; only the closing span counts.)
            if any(c["name"] in CLOSING_SPANS for c in children):
                return True
            if status == "FAILED" and trace.get("endedAt") and all(
                c.get("endedAt") and c["status"] not in ("RUNNING", "QUEUED") for c in children
            ):
                return tuple((c["name"], c["status"], c.get("endedAt")) for c in children)
            return False
        return True

    def wait_for_run(self, run_id: str, status: str = "COMPLETED", *, timeout_s: float = 30.0) -> Run:
        """Poll until the run reaches `status`. Raise at once if it ends in another status."""
        status = status.upper()
        self._saw(run_id)
        deadline = time.monotonic() + timeout_s
        last: Run | None = None
        while True:
            last = self.run(run_id)
            if last is not None:
                if last.status == status:
                    break
                if last.status in TERMINAL:
                    raise InngestAPIError(
                        f"run {run_id} ended {last.status}, expected {status}; "
                        f"output={last.output!r}\n{self.describe(run_id)}"
                    )
            if time.monotonic() > deadline:
                seen = last.status if last else "not found"
                raise InngestAPIError(
                    f"run {run_id} still {seen} after {timeout_s} s, expected {status}\n{self.describe(run_id)}"
                )
            time.sleep(POLL_S)
        if status in TERMINAL:
            # Let the trace catch up so steps() right after this is complete.
            settle = time.monotonic() + 5.0
            shape, since = None, 0.0
            while time.monotonic() < settle:
                state = self._trace_settled(run_id, status)
                if state is True:
                    break
                if isinstance(state, tuple):
                    # Ended without a closing span: settled once unchanged for QUIET_S.
                    if state != shape:
                        shape, since = state, time.monotonic()
                    elif time.monotonic() - since >= QUIET_S:
                        break
                else:
                    shape = None
                time.sleep(POLL_S / 2)
        return last

    def complete(self, event_id: str, *, function: str | None = None, timeout_s: float = 30.0) -> Run:
        """Shortcut: the run this event started, once it COMPLETED."""
        run = self.run_for_event(event_id, function=function, timeout_s=timeout_s)
        return self.wait_for_run(run.id, "COMPLETED", timeout_s=timeout_s)

    def wait_for_step(self, run_id: str, name: str, status: str, *, timeout_s: float = 20.0) -> Step:
        """Poll until the run's step `name` reaches `status` (e.g. WAITING on a sleep)."""
        self._saw(run_id)
        deadline = time.monotonic() + timeout_s
        while True:
            for step in self.steps(run_id):
                if step.name == name and step.status == status:
                    return step
            if time.monotonic() > deadline:
                raise InngestAPIError(f"step {name!r} of run {run_id} never reached {status}\n{self.describe(run_id)}")
            time.sleep(POLL_S)

    def steps(self, run_id: str, *, include_system: bool = False) -> list[Step]:
        """The run's steps in order, as the trace shows them.

        The trace also holds spans that are not steps ("function success",
        "function error", ...); they are left out unless asked for.
        """
        try:
            r = self.gql(_TRACE, id=run_id).get("run")
        except InngestAPIError:
            return []
        trace = (r or {}).get("trace")
        if not trace:
            return []
        spans = [_step(s) for s in trace.get("childrenSpans") or []]
        return spans if include_system else [s for s in spans if s.name not in SYSTEM_SPANS]

    def step_names(self, run_id: str) -> list[str]:
        return [s.name for s in self.steps(run_id)]

    def step_output(self, step_or_output_id: Step | str) -> StepOutput:
        oid = step_or_output_id.output_id if isinstance(step_or_output_id, Step) else step_or_output_id
        if not oid:
            return StepOutput(data=None, error=None)
        o = self.gql(_SPAN_OUTPUT, id=oid)["runTraceSpanOutputByID"]
        return StepOutput(data=_decode(o.get("data")), error=o.get("error"), input=_decode(o.get("input")))

    def trigger(self, run_id: str, *, timeout_s: float = 5.0) -> dict:
        """The event(s) that started a run: {eventName, IDs, payloads (decoded), isBatch, cron}.

        A run can be listed a moment before runTrigger can read it ("no rows", seen in a
        CI run on a loaded machine): that is waited for, up to `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                t = self.gql(_TRIGGER, id=run_id)["runTrigger"]
                break
            except InngestAPIError as exc:
                if "no rows" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(POLL_S)
        t["payloads"] = [_decode(p) for p in t.get("payloads") or []]
        return t

    def failed_events_once_finished(self, run_id: str, since: str, *, timeout_s: float = 20.0) -> list[dict]:
        """The server's inngest/function.failed events for this run, read once its
        inngest/function.finished event is listed (`since`: RFC 3339, before the run started).

        The server emits both in the same moment when it finalizes a run (same ts, measured on
        the pinned server), and an on_failure handler is triggered by inngest/function.failed
        only: so this says how many failure-handler runs there can ever be, with no quiet window."""
        deadline = time.monotonic() + timeout_s
        while not [e for e in self.events("inngest/function.finished", since=since, internal=True)
                   if e["data"].get("run_id") == run_id]:
            if time.monotonic() > deadline:
                raise AssertionError(f"no inngest/function.finished event for run {run_id} within {timeout_s} s")
            time.sleep(0.1)
        return [e for e in self.events("inngest/function.failed", since=since, internal=True)
                if e["data"].get("run_id") == run_id]

    def events(self, name: str, *, since: str, internal: bool = False) -> list[dict]:
        """Every event named `name` the server received since `since` (RFC 3339),
        as the producer sent it (decoded `raw`), plus the server's `_id`."""
        out: list[dict] = []
        after = None
        while True:
            page = self.gql(_EVENTS, names=[name], after=after, internal=internal, **{"from": since})["eventsV2"]
            for edge in page["edges"]:
                node = edge["node"]
                out.append({**(_decode(node["raw"]) or {}), "_id": node["id"]})
            if not page["pageInfo"]["hasNextPage"]:
                return out
            after = page["pageInfo"]["endCursor"]

    def cancel(self, run_id: str) -> None:
        self.gql(_CANCEL, id=run_id)

    def describe(self, run_id: str) -> str:
        """The run as a readable tree (trace.py), for failure messages."""
        from .trace import render_run  # trace.py builds on this module

        return render_run(self, run_id)

    # -- reading whole runs (trace.py renders them) -------------------------

    def run_tree(self, run_id: str) -> dict | None:
        """The run with its full trace: spans with times, step info and attempts (raw GraphQL)."""
        try:
            return self.gql(_RUN_TREE, id=run_id).get("run")
        except InngestAPIError as exc:
            if "no rows" in str(exc) or "not found" in str(exc):
                return None
            raise

    def event(self, event_id: str) -> dict | None:
        """One stored event: {id, name, createdAt, raw (decoded: what the producer sent)}, or None."""
        try:
            ev = self.gql(_EVENT, id=event_id).get("event")
        except InngestAPIError as exc:
            if "no rows" in str(exc) or "invalid" in str(exc).lower():
                return None
            raise
        if ev:
            ev["raw"] = _decode(ev.get("raw"))
        return ev

    def recent_runs(self, limit: int = 20, *, since: str | None = None) -> list[dict]:
        """The newest runs first (raw rows: id status queuedAt startedAt endedAt eventName function)."""
        since = since or now_rfc3339(-7 * 24 * 3600)
        edges = self.gql(_RECENT_RUNS, first=limit, **{"from": since})["runs"]["edges"]
        return [e["node"] for e in edges]

    # -- apps ---------------------------------------------------------------

    def apps(self) -> list[dict]:
        """Every synced app: {id, name, url, error, functionCount, functions [{slug, name}]}.
        `error` is the server's reason for refusing the app's last sync (the SDK's
        PUT can still answer 200); None when it registered."""
        return self.gql(_APPS).get("apps") or []

    # -- functions --------------------------------------------------------

    def functions(self) -> list[dict]:
        return self.gql(_FUNCTIONS).get("functions") or []

    def function_config(self, slug: str) -> dict:
        """The configuration the server registered for a function: triggers, each step's
        retries, concurrency, throttle, rateLimit, debounce, batchEvents, priority,
        timeouts... Tests read it to pin the values an example configures."""
        for fn in self.functions():
            if fn["slug"] == slug:
                return json.loads(fn["config"])
        raise InngestAPIError(f"function {slug!r} is not registered")

    def function_slugs(self) -> set[str]:
        return {f["slug"] for f in self.functions()}

    def function_id(self, slug: str) -> str:
        fn = self.gql(_FUNCTION_BY_SLUG, slug=slug).get("functionBySlug")
        if not fn:
            raise InngestAPIError(f"function {slug!r} is not registered")
        return fn["id"]

    def delete_app(self, app_id: str) -> None:
        """Remove an app and its functions from the server (as the dev UI's "remove app"
        does), so that its triggers stop matching other tests' events."""
        self.gql(_DELETE_APP, name=app_id)

    def runs_of_function(self, slug: str, *, since: str) -> list[Run]:
        """Every run of a function queued since `since` (RFC 3339), oldest first.
        The listing carries no output (it is null there): use run(id) for that."""
        fid = self.function_id(slug)
        out: list[Run] = []
        seen: set[str] = set()
        after = None
        while True:
            page = self.gql(_RUNS_BY_FUNCTION, **{"from": since, "fn": [fid], "after": after})["runs"]
            for edge in page["edges"]:
                n = edge["node"]
                # The server's pages overlap (1,005 rows for 1,000 runs seen): dedupe by id.
                if n["id"] in seen:
                    continue
                seen.add(n["id"])
                out.append(
                    Run(
                        id=n["id"],
                        status=n["status"],
                        output=_decode(n.get("output")),
                        function_slug=(n.get("function") or {}).get("slug"),
                        started_at=n.get("startedAt"),
                        ended_at=n.get("endedAt"),
                        raw=n,
                    )
                )
            if not page["pageInfo"]["hasNextPage"]:
                return out
            after = page["pageInfo"]["endCursor"]


def _step(span: dict) -> Step:
    return Step(
        name=span["name"],
        status=span["status"],
        op=span.get("stepOp"),
        attempts=span.get("attempts"),
        output_id=span.get("outputID"),
        children=tuple(_step(c) for c in span.get("childrenSpans") or []),
        step_id=span.get("stepID"),
        info=span.get("stepInfo"),
    )


def now_rfc3339(offset_s: float = -1.0) -> str:
    """Current UTC time (minus a second by default, for clock skew) as RFC 3339,
    for the `since` arguments above."""
    moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=offset_s)
    return moment.isoformat().replace("+00:00", "Z")


def unique(prefix: str) -> str:
    """A unique id for test data (lead ids, order ids) so tests never see each other's runs."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


# -- trace lag helpers ------------------------------------------------------
# Under load a step's span can reach the trace a moment after the run record
# says the run ended; these poll briefly instead of reading the trace once.


def hashed_step_id(step_id: str) -> str:
    """The id under which the server knows a step: sha1 of the SDK step id
    (inngest/_internal/transforms.py hash_step_id). A step id used twice in one run
    becomes "<id>:1", "<id>:2", ... before hashing."""
    return hashlib.sha1(step_id.encode()).hexdigest()  # noqa: S324 (an identifier, not security)


def _named(steps: list[Step], expected: list[str]) -> list[str]:
    """Step names, with an unnamed "execute" span read as the expected step whose id it carries.
    Seen on a loaded machine: a run COMPLETED with the right output, yet its last step's span
    stayed "execute" (with an "Attempt 0" child) for 15 s instead of taking the step's name;
    the span's step id (sha1 of the SDK step id) still says which step it was."""
    by_hash = {hashed_step_id(name): name for name in expected}
    names = [by_hash.get(s.step_id, s.name) if s.name == "execute" else s.name for s in steps]
    return [n for n in names if n not in SYSTEM_SPANS]


def settled_step_names(api: InngestAPI, run_id: str, expected: list[str], timeout_s: float = 10.0) -> list[str]:
    """The run's step names, polled until they equal `expected` or `timeout_s` passes."""
    deadline = time.monotonic() + timeout_s
    while (names := _named(api.steps(run_id, include_system=True), expected)) != expected and time.monotonic() < deadline:
        time.sleep(POLL_S)
    return names


def assert_step_names(api: InngestAPI, run_id: str, expected: list[str], timeout_s: float = 15.0) -> None:
    """Assert the run's step names (polling briefly); the failure shows the nested trace."""
    names = settled_step_names(api, run_id, expected, timeout_s)
    nested = [(s.name, s.step_id, [c.name for c in s.children]) for s in api.steps(run_id, include_system=True)]
    assert names == expected, f"{names} != {expected}; trace: {nested}"


def settled_steps(api: InngestAPI, run_id: str, count: int, timeout_s: float = 15.0) -> list[Step]:
    """The run's steps once the trace shows at least `count` of them (or after `timeout_s`)."""
    deadline = time.monotonic() + timeout_s
    while True:
        steps = api.steps(run_id)
        if len(steps) >= count or time.monotonic() > deadline:
            return steps
        time.sleep(POLL_S)


def step_named(api: InngestAPI, run_id: str, name: str, timeout_s: float = 15.0) -> Step:
    """The run's step called `name`, polling until it appears."""
    deadline = time.monotonic() + timeout_s
    while True:
        found = [s for s in api.steps(run_id) if s.name == name]
        if found or time.monotonic() > deadline:
            assert found, f"run {run_id} has no step {name!r}"
            return found[0]
        time.sleep(POLL_S)
