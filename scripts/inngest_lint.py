#!/usr/bin/env python3
"""inngest-lint: find the mistakes people really make with the Inngest Python SDK.

Every rule stands for a mistake found in the seed documents this pack corrects,
in the pinned SDK's real signatures (inngest==0.5.19), in the server's own
validation (github.com/inngest/inngest v1.44.0), or in the rules of the
TypeScript `@inngest/eslint-plugin` carried over to Python. The linter reads
source code only: it never imports `inngest`, and it needs nothing beyond the
standard library (Python >= 3.11), so it runs in any project.

Usage:
  python3 scripts/inngest_lint.py [--json] [--select IDS] [--ignore IDS] [--list-rules] PATH...

  PATH          files or folders (folders are walked for *.py, skipping .venv,
                venv, node_modules, __pycache__ and .git)
  --json        print a JSON list of {path, line, col, rule, message, hint}
  --select IDS  comma-separated rule ids to run (default: all)
  --ignore IDS  comma-separated rule ids to skip
  --list-rules  print the rule table (markdown) and exit

Output: one finding per line, `path:line:col: RULE-ID message (fix: hint)`.
Exit status: 0 clean, 1 findings, 2 bad usage or a file that does not parse.
Silence one line with a trailing `# inngest-lint: ignore[INN004]` (several ids
comma-separated; a bare `# inngest-lint: ignore` silences every rule there).

What is an Inngest function here: a function decorated with
`@<anything>.create_function(...)`, a handler passed as `on_failure=`, or a
function whose parameter is annotated `inngest.Context`/`ContextSync` (a helper
that runs inside a handler). Its first parameter gives `ctx.step`/`ctx.group`;
`step = ctx.step` and a parameter annotated `inngest.Step` are followed too.
Only what can be resolved in the same file is analysed.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import os
import re
import sys
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

# ---------------------------------------------------------------------------
# The SDK's public surface, embedded (the linter must not import inngest).
# tests/lint/test_inngest_lint.py checks both lists against the installed SDK.
# ---------------------------------------------------------------------------

SDK_VERSION = "0.5.19"

# `inngest.__all__` of inngest==0.5.19 (inngest/__init__.py).
SDK_EXPORTS = frozenset({
    "Batch", "Cancel", "Concurrency", "Context", "ContextSync", "Debounce", "Event",
    "Function", "Inngest", "JSON", "Middleware", "MiddlewareSync", "NonRetriableError",
    "ParallelMode", "Priority", "PydanticSerializer", "RateLimit", "RetryAfterError",
    "SendEventsResult", "Serializer", "Singleton", "Step", "StepError", "StepMemos",
    "StepSync", "Streaming", "Throttle", "Timeouts", "TransformOutputResult",
    "TriggerCron", "TriggerEvent",
})

# Every public module of inngest==0.5.19 (no path segment starting with "_",
# no *_test modules). Imports below `inngest._internal` are private and not checked.
SDK_MODULES = frozenset({
    "inngest",
    "inngest.connect",
    "inngest.digital_ocean",
    "inngest.django",
    "inngest.experimental",
    "inngest.experimental.ai",
    "inngest.experimental.ai.anthropic",
    "inngest.experimental.ai.base",
    "inngest.experimental.ai.deepseek",
    "inngest.experimental.ai.gemini",
    "inngest.experimental.ai.grok",
    "inngest.experimental.ai.openai",
    "inngest.experimental.dev_server",
    "inngest.experimental.dev_server.command_runner",
    "inngest.experimental.dev_server.dev_server",
    "inngest.experimental.digital_ocean_simulator",
    "inngest.experimental.mocked",
    "inngest.experimental.mocked.client",
    "inngest.experimental.mocked.consts",
    "inngest.experimental.mocked.errors",
    "inngest.experimental.mocked.trigger",
    "inngest.experimental.realtime",
    "inngest.experimental.realtime.publish",
    "inngest.experimental.realtime.subscription_tokens",
    "inngest.experimental.remote_state_middleware",
    "inngest.experimental.remote_state_middleware.in_memory_driver",
    "inngest.experimental.remote_state_middleware.middleware",
    "inngest.experimental.remote_state_middleware.s3_driver",
    "inngest.experimental.sentry_middleware",
    "inngest.fast_api",
    "inngest.flask",
    "inngest.tornado",
})

TOP_SUBMODULES = frozenset(m.split(".")[1] for m in SDK_MODULES if m.count(".") == 1)

# Step methods (inngest/_internal/step_lib/step_async.py) and where their
# duration / expression arguments sit.
STEP_METHODS = frozenset({
    "run", "sleep", "sleep_until", "wait_for_event", "invoke", "invoke_by_id", "send_event",
})

# Config models whose fields are `int (milliseconds) | timedelta`
# (inngest/_internal/server_lib/registration.py), plus the client's request_timeout.
CONFIG_DURATION_FIELDS = {
    "Batch": ("timeout",),
    "Cancel": ("timeout",),
    "Debounce": ("period", "timeout"),
    "RateLimit": ("period",),
    "Throttle": ("period",),
    "Timeouts": ("start", "finish"),
    "Inngest": ("request_timeout",),
}

# Keyword arguments whose value is an expression the server evaluates (CEL-like).
EXPRESSION_KWARGS = {
    None: ("if_exp",),  # wait_for_event(if_exp=), Cancel(if_exp=), Batch(if_exp=)
    "TriggerEvent": ("expression",),
    "Concurrency": ("key",),
    "Throttle": ("key",),
    "RateLimit": ("key",),
    "Debounce": ("key",),
    "Singleton": ("key",),
    "Batch": ("key",),
    "Priority": ("run",),
    "create_function": ("idempotency",),
}

# Server limits (github.com/inngest/inngest v1.44.0).
MAX_CONCURRENCY_LIMITS = 2  # pkg/consts/consts.go:125, checked in pkg/inngest/concurrency.go:45
MAX_TRIGGERS = 10  # pkg/consts/consts.go:128, checked in pkg/inngest/trigger.go:47

# Calls whose value differs between two executions of the same code.
NONDETERMINISTIC_CALLS = frozenset({
    "datetime.datetime.now", "datetime.datetime.utcnow", "datetime.datetime.today",
    "datetime.date.today", "time.time", "time.time_ns", "time.monotonic",
    "time.monotonic_ns", "time.perf_counter", "time.perf_counter_ns",
    "uuid.uuid1", "uuid.uuid4", "os.urandom", "os.getpid",
})
NONDETERMINISTIC_MODULES = ("random.", "secrets.")
# Builtins that differ between processes (hash() of str is salted per process).
NONDETERMINISTIC_BUILTINS = frozenset({"hash", "id"})

LIST_MUTATORS = frozenset({
    "append", "extend", "insert", "pop", "remove", "clear", "update", "add", "discard",
    "setdefault", "popitem", "sort", "reverse", "appendleft", "extendleft", "popleft",
})

DURATION_STR = re.compile(r"^\s*\d+(\.\d+)?\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?)\s*$",
                          re.IGNORECASE)
CLIENT_NAME = re.compile(r"inngest.*client|client.*inngest", re.IGNORECASE)
SUPPRESS = re.compile(r"#\s*inngest-lint:\s*ignore(?:\[([A-Za-z0-9_,\s-]*)\])?")


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    id: str
    catches: str
    why: str
    fix: str


RULES: dict[str, Rule] = {r.id: r for r in (
    Rule("INN001",
         "`client.send(...)`, `ctx.step.*(...)` or `ctx.group.parallel(...)` called in an `async def` "
         "without `await` (a bare statement or `return`ed from an async function)",
         "the call only builds a coroutine: the event is never sent, the step never runs "
         "(RuntimeWarning: coroutine was never awaited)",
         "`await` it; in sync code use `client.send_sync(...)`"),
    Rule("INN002",
         "a step (`step.*`, `ctx.group.parallel`) inside the handler of `step.run` "
         "(lambda, nested def, or a function of the same file)",
         "nested steps are not supported: the SDK fails the outer step with STEP_NESTED "
         "('Nested steps are not supported.')",
         "run the steps one after another in the function body; pass results as arguments"),
    Rule("INN003",
         "a `step.run` handler that mutates a variable of the enclosing function "
         "(`nonlocal`/`global`, `x.append(...)`, `x[k] = ...`, `x.attr = ...`)",
         "a memoized step does not run again on replay, so the mutation is lost on every later "
         "request; only the step's return value survives",
         "return the value from the step and assign it: `x = await ctx.step.run(...)`"),
    Rule("INN004",
         "an awaited call (or `time.sleep`) in an Inngest function body outside a step, e.g. "
         "`await httpx...`, `await db...`, `await asyncio.sleep(...)`",
         "the body runs again from the top on every step; work outside a step repeats and is not "
         "retried or memoized",
         "move it into `await ctx.step.run(\"id\", fn, *args)`; wait with `ctx.step.sleep`"),
    Rule("INN005",
         "a string duration (`\"24h\"`, `\"5m\"`) given to `step.sleep`/`sleep_until`, "
         "`wait_for_event(timeout=)`, `invoke(timeout=)` or a Throttle/RateLimit/Debounce/Batch/"
         "Timeouts/Cancel duration field",
         "the Python SDK takes `int` milliseconds or `datetime.timedelta` only: a config string fails "
         "at decoration (FunctionConfigInvalidError 'Input should be a valid integer'), a step "
         "string when the step runs (TypeError)",
         "`datetime.timedelta(hours=24)`"),
    Rule("INN006",
         "an integer literal where milliseconds are expected that looks like seconds: below 1000, "
         "or a whole number of hours in seconds (3600, 86400, 604800)",
         "ints are milliseconds: `step.sleep(\"x\", 5)` sleeps 5 ms, `86400` is 86 s; config "
         "durations and timeouts below 1000 ms are rejected ('duration must be at least 1 second')",
         "`datetime.timedelta(seconds=...)`, or write milliseconds (`5_000`)"),
    Rule("INN007",
         "an import or attribute of `inngest` that does not exist in the SDK (`inngest.errors`, "
         "`from inngest import step`, `inngest.steps`)",
         "ModuleNotFoundError / ImportError / AttributeError at import time",
         "import from the top level: `inngest.NonRetriableError`, `inngest.RetryAfterError`"),
    Rule("INN008",
         "`RetryAfterError` arguments in the wrong order or type: a duration first, a string "
         "`retry_after`, or no `retry_after` at all",
         "the signature is `RetryAfterError(message, retry_after: int ms | timedelta | datetime, "
         "quiet=False)`; the seed's `RetryAfterError(\"1h\", \"...\")` constructs, then crashes the SDK's "
         "response (HTTP 500): normal backoff, not 1 h (tests/mistakes/test_retry_after_args.py); "
         "without retry_after it is a TypeError",
         "`raise inngest.RetryAfterError(\"rate limited\", datetime.timedelta(hours=1))`"),
    Rule("INN009",
         "`if_exp`, `TriggerEvent(expression=)`, a flow-control `key`, `Priority(run=)` or "
         "`idempotency` built by interpolation (f-string, `%`, `.format`, `+`)",
         "the value becomes expression source: a quote in the data breaks or rewrites the "
         "expression (injection)",
         "compare fields: `if_exp=\"async.data.lead_id == event.data.lead_id\"`"),
    Rule("INN010",
         "`client.send(...)` in an Inngest function body outside a step",
         "the body re-runs on every step, so the event is sent again on each replay (duplicates, "
         "re-triggered runs)",
         "`await ctx.step.send_event(\"send-x\", inngest.Event(...))`"),
    Rule("INN011",
         "a non-deterministic value (`datetime.now()`, `time.time()`, `uuid4()`, `random.*`, "
         "`secrets.*`) assigned or branched on in an Inngest function body outside a step",
         "each replay computes a new value, so later steps and branches see a different one than "
         "earlier steps did",
         "compute it inside a step: `now = await ctx.step.run(\"now\", current_time)`"),
    Rule("INN012",
         "a step id built from time, randomness, `hash()` or `id()`",
         "step ids are the memoization key: a new id on replay makes the step run again, every "
         "time",
         "derive ids from data: `f\"charge-{item_id}\"`, or a loop index"),
    Rule("INN013",
         "more than 2 `inngest.Concurrency(...)` constraints, or more than 10 triggers, on one "
         "function",
         "the server refuses to register the app ('There are more concurrency limits specified "
         "than the allowed max of: 2')",
         "at most 2 concurrency constraints (e.g. one global, one keyed) and 10 triggers"),
    Rule("INN014",
         "`inngest.Inngest(is_production=<expression>)`, e.g. "
         "`os.getenv(\"ENVIRONMENT\") == \"production\"`",
         "`is_production=` overrides INNGEST_DEV: with the variable unset or spelt differently the "
         "app serves unsigned requests and sends events to localhost "
         "(tests/mistakes/test_is_production_flag.py)",
         "omit `is_production` (production is the default); set `INNGEST_DEV=1` for local dev"),
    Rule("INN015",
         "`step.run` given the result of a call as its handler: `step.run(\"x\", fn(arg))` or "
         "`step.run(\"x\", await fn(arg))`",
         "`fn(arg)` runs right away, outside the step and on every replay; the step then gets a "
         "value or coroutine instead of a callable and fails (TypeError: not callable)",
         "`step.run(\"x\", fn, arg)` (or `functools.partial(fn, arg)`)"),
    Rule("INN016",
         "a step call without its step id: `ctx.step.sleep(timedelta(...))`, "
         "`ctx.step.run(fn, arg)`, `ctx.step.send_event(inngest.Event(...))`",
         "every step method takes a string step id first; the other arguments shift and fail at "
         "run time",
         "pass a stable id first: `ctx.step.sleep(\"wait-1-day\", timedelta(days=1))`"),
    Rule("INN017",
         "`ctx.group.parallel` given step calls instead of callables: `(ctx.step.run(...), ...)`",
         "`parallel` calls each item (`await cb()`, step_lib/group.py): a coroutine or a step's "
         "result is not callable (TypeError); in sync code the steps already ran one by one",
         "pass zero-argument callables: `lambda: ctx.step.run(...)` or `functools.partial(...)`"),
    Rule("INN018",
         "a bare `except:` or `except BaseException` around steps that does not re-raise",
         "steps stop the handler with a BaseException (ResponseInterrupt); swallowing it breaks "
         "the step protocol and hides step failures",
         "catch `inngest.StepError` (or `Exception`) around one step, or re-raise"),
    Rule("INN019",
         "`await` inside a plain `def` Inngest function (a handler made sync, `ctx: inngest.ContextSync`, "
         "that kept its `await ctx.step...`)",
         "Python refuses to compile it ('await' outside async function): the module, and every "
         "function it serves, fails to import",
         "`async def` with `ctx: inngest.Context`, or drop `await` in a sync handler "
         "(`ctx.step.run` is synchronous there)"),
)}

ALL_RULE_IDS = tuple(RULES)


@dataclass
class Finding:
    path: str
    line: int
    col: int
    rule: str
    message: str
    hint: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.rule} {self.message} (fix: {self.hint})"


# ---------------------------------------------------------------------------
# AST helpers
# ---------------------------------------------------------------------------

FuncNode = ast.FunctionDef | ast.AsyncFunctionDef


def dotted(node: ast.AST) -> str | None:
    """`a.b.c` for a Name/Attribute chain, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def last_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def kwarg(call: ast.Call, name: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def arg_or_kw(call: ast.Call, index: int, name: str) -> ast.expr | None:
    if len(call.args) > index and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        return call.args[index]
    return kwarg(call, name)


def is_str_value(node: ast.AST | None) -> bool:
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)) or isinstance(node, ast.JoinedStr)


def const_int(node: ast.AST | None) -> int | None:
    """The value of an int literal or a constant int expression (`5 * 60`)."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.Add | ast.Sub):
        left, right = const_int(node.left), const_int(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Mult):
            return left * right
        return left + right if isinstance(node.op, ast.Add) else left - right
    return None


def walk_shallow(node: ast.AST, skip: set[int] | None = None) -> Iterator[ast.AST]:
    """Walk `node`'s subtree without entering nested functions, lambdas or classes
    (nor any node whose id() is in `skip`)."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        if skip and id(child) in skip:
            continue
        yield child
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        stack.extend(ast.iter_child_nodes(child))


def walk_all(node: ast.AST, skip: set[int] | None = None) -> Iterator[ast.AST]:
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        if skip and id(child) in skip:
            continue
        yield child
        stack.extend(ast.iter_child_nodes(child))


def body_of(fn: ast.AST) -> list[ast.AST]:
    if isinstance(fn, ast.Lambda):
        return [fn.body]
    return list(fn.body)  # type: ignore[attr-defined]


TIMEDELTA_UNITS = {"ms": "milliseconds", "s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def timedelta_for(text: str) -> str | None:
    """`datetime.timedelta(hours=24)` for "24h", None if it is not a simple duration."""
    match = re.fullmatch(r"\s*(\d+)\s*(ms|s|m|h|d|w)\s*", text)
    if not match:
        return None
    return f"datetime.timedelta({TIMEDELTA_UNITS[match.group(2)]}={match.group(1)})"


def looks_interpolated(node: ast.AST | None) -> bool:
    """An f-string with a non-constant placeholder, `"..." % x`, `"...".format()` or `"..." + x`."""
    if isinstance(node, ast.JoinedStr):
        values = [v for v in node.values if isinstance(v, ast.FormattedValue)]
        # f"{FIELD}" of ALL_CAPS constants composes field names, not data: allowed.
        return any(not (isinstance(v.value, ast.Name) and v.value.id.isupper()) for v in values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return is_str_value(node.left)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = [node.left, node.right]
        return any(is_str_value(p) or looks_interpolated(p) for p in parts) and not all(
            isinstance(p, ast.Constant) for p in parts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return is_str_value(node.func.value)
    return False


# ---------------------------------------------------------------------------
# The analysis of one file
# ---------------------------------------------------------------------------

@dataclass
class InngestFn:
    node: FuncNode
    ctx_name: str | None
    step_names: set[str]
    group_names: set[str]


class FileAnalyzer:
    def __init__(self, path: str, tree: ast.Module) -> None:
        self.path = path
        self.tree = tree
        self.findings: list[Finding] = []
        self._seen: set[tuple[int, int, str]] = set()
        self.parents: dict[int, ast.AST] = {}
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[id(child)] = parent
        self.aliases: dict[str, str] = {}  # local name -> qualified name
        self.inngest_module_names: set[str] = set()
        self.client_names: set[str] = set()
        self.module_defs: dict[str, FuncNode] = {}
        self.module_str_consts: dict[str, ast.expr] = {}
        self.step_names: set[str] = {"step"}
        self.group_names: set[str] = set()
        self.all_def_names: set[str] = set()
        self.step_decorated: set[str] = set()  # defs made steps by `@inngest.experimental.step("id")`
        self._collect()

    # -- collection ---------------------------------------------------------
    def _collect(self) -> None:
        imports_inngest = False
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    local = alias.asname or alias.name.split(".")[0]
                    self.aliases[local] = alias.name if alias.asname else alias.name.split(".")[0]
                    if alias.name == "inngest" or alias.name.startswith("inngest."):
                        imports_inngest = True
                        if alias.asname is None or alias.name == "inngest":
                            self.inngest_module_names.add(local)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    local = alias.asname or alias.name
                    if "client" in local.lower():
                        self.client_names.add(local)
        if not imports_inngest and "inngest" not in self.aliases:
            self.inngest_module_names.add("inngest")  # a snippet without imports
        for node in self.tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.module_defs[node.name] = node
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                if is_str_value(node.value):
                    self.module_str_consts[node.targets[0].id] = node.value
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and self.is_config(node.value, "Inngest"):
                for target in node.targets:
                    name = dotted(target)
                    if name:
                        self.client_names.add(name.split(".")[-1])
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Attribute):
                for target in node.targets:
                    if isinstance(target, ast.Name) and node.value.attr == "step":
                        self.step_names.add(target.id)
                    if isinstance(target, ast.Name) and node.value.attr == "group":
                        self.group_names.add(target.id)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.all_def_names.add(node.name)
                for deco in node.decorator_list:
                    if isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute) \
                            and deco.func.attr == "create_function":
                        recv = last_name(deco.func.value)
                        if recv:
                            self.client_names.add(recv)
                    if isinstance(deco, ast.Call) and last_name(deco.func) == "step":
                        self.step_decorated.add(node.name)
                for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs:
                    ann = dotted(a.annotation) if a.annotation else None
                    if ann and ann.split(".")[-1] in ("Step", "StepSync"):
                        self.step_names.add(a.arg)

    def qualify(self, node: ast.AST) -> str | None:
        name = dotted(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        if head in self.aliases:
            name = self.aliases[head] + ("." + rest if rest else "")
        if name in ("datetime.now", "datetime.utcnow", "datetime.today"):
            name = "datetime." + name  # `from datetime import datetime` in a snippet without imports
        if name in ("uuid4", "uuid1"):
            name = "uuid." + name
        return name

    def is_config(self, call: ast.Call, cls: str) -> bool:
        """`inngest.<cls>(...)`, or `<cls>(...)` imported from inngest (or unimported, in a snippet)."""
        func = call.func
        if isinstance(func, ast.Attribute):
            return func.attr == cls and dotted(func.value) in self.inngest_module_names
        if isinstance(func, ast.Name) and func.id == cls:
            origin = self.aliases.get(cls)
            return origin is None or origin.startswith("inngest")
        return False

    def config_name(self, call: ast.Call) -> str | None:
        for cls in set(CONFIG_DURATION_FIELDS) | set(EXPRESSION_KWARGS) | {"RetryAfterError"}:
            if cls and self.is_config(call, cls):
                return cls
        return None

    def is_client(self, node: ast.AST) -> bool:
        """An Inngest client: bound to `inngest.Inngest(...)`, the receiver of `create_function`,
        imported by a name with "client" in it, or any `*inngest*client*` name."""
        name = last_name(node)
        if name is None:
            return False
        return name in self.client_names or CLIENT_NAME.search(name) is not None

    def is_client_send(self, call: ast.AST, sync_too: bool = False) -> bool:
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
            return False
        methods = ("send", "send_sync") if sync_too else ("send",)
        return call.func.attr in methods and self.is_client(call.func.value)

    def is_step_obj(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Attribute) and node.attr == "step":
            return True
        return isinstance(node, ast.Name) and node.id in self.step_names

    def is_group_obj(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Attribute) and node.attr == "group":
            return True
        return isinstance(node, ast.Name) and node.id in self.group_names

    def step_method(self, call: ast.AST) -> str | None:
        """The step method name if `call` is `<step>.<method>(...)` (or `group.parallel`)."""
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
            return None
        func = call.func
        if func.attr in STEP_METHODS and self.is_step_obj(func.value):
            return func.attr
        if func.attr == "infer" and isinstance(func.value, ast.Attribute) and func.value.attr == "ai" \
                and self.is_step_obj(func.value.value):
            return "ai.infer"
        if func.attr == "parallel" and self.is_group_obj(func.value):
            return "parallel"
        return None

    def is_step_call(self, call: ast.AST) -> bool:
        """A step method, `group.parallel`, or a call of an `@inngest.experimental.step` function."""
        if self.step_method(call):
            return True
        return isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in self.step_decorated

    def enclosing_function(self, node: ast.AST) -> ast.AST | None:
        cur = self.parents.get(id(node))
        while cur is not None and not isinstance(cur, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            cur = self.parents.get(id(cur))
        return cur

    def is_nondeterministic(self, call: ast.AST) -> str | None:
        if not isinstance(call, ast.Call):
            return None
        if isinstance(call.func, ast.Name) and call.func.id in NONDETERMINISTIC_BUILTINS \
                and call.func.id not in self.aliases and call.func.id not in self.module_defs:
            return call.func.id + "()"
        name = self.qualify(call.func)
        if name is None:
            return None
        if name in NONDETERMINISTIC_CALLS or name.startswith(NONDETERMINISTIC_MODULES):
            return (dotted(call.func) or name) + "()"
        return None

    def nondeterministic_in(self, node: ast.AST) -> str | None:
        for sub in [node, *walk_shallow(node)]:
            found = self.is_nondeterministic(sub)
            if found:
                return found
        return None

    # -- reporting ------------------------------------------------------------
    def report(self, rule: str, node: ast.AST, message: str, hint: str | None = None) -> None:
        line, col = getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1
        key = (line, col, rule)
        if key in self._seen:
            return
        self._seen.add(key)
        self.findings.append(Finding(self.path, line, col, rule, message, hint or RULES[rule].fix))

    # -- driver ------------------------------------------------------------
    def run(self) -> list[Finding]:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                self.rule_inn007_imports(node)
            elif isinstance(node, ast.Attribute):
                self.rule_inn007_attribute(node)
            elif isinstance(node, ast.Call):
                self.check_call(node)
            elif isinstance(node, ast.Expr | ast.Return):
                self.rule_inn001_unawaited(node)
            elif isinstance(node, ast.Assign):
                self.rule_inn009_named_expression(node)
        for fn in self.inngest_functions():
            self.check_inngest_function(fn)
        self.findings.sort(key=lambda f: (f.line, f.col, f.rule))
        return self.findings

    def check_call(self, call: ast.Call) -> None:
        method = self.step_method(call)
        if method:
            self.rule_inn005_006_step_durations(call, method)
            self.rule_inn012_step_id(call, method)
            self.rule_inn016_missing_step_id(call, method)
            if method == "run":
                self.rule_inn015_handler_is_call_result(call)
            if method == "parallel":
                self.rule_inn017_parallel_coroutines(call)
        if method in ("wait_for_event",) or (method is None and kwarg(call, "if_exp") is not None):
            self.rule_inn009_interpolated(call, "if_exp")
        cls = self.config_name(call)
        if cls in CONFIG_DURATION_FIELDS:
            self.rule_inn005_006_config_durations(call, cls)
        if cls in EXPRESSION_KWARGS:
            for kw in EXPRESSION_KWARGS[cls]:
                self.rule_inn009_interpolated(call, kw)
        if cls == "RetryAfterError":
            self.rule_inn008_retry_after(call)
        if cls == "Inngest":
            self.rule_inn014_is_production(call)
        if isinstance(call.func, ast.Attribute) and call.func.attr == "create_function":
            self.rule_inn013_server_limits(call)
            self.rule_inn009_interpolated(call, "idempotency")

    # -- INN001 ---------------------------------------------------------------
    def rule_inn001_unawaited(self, stmt: ast.Expr | ast.Return) -> None:
        """Unawaited coroutine (eslint-plugin: await-inngest-send). `Client.send` is
        `async def` (client_lib/client.py:388), so are all `Step` methods (step_lib/step_async.py)."""
        call = stmt.value
        if not isinstance(call, ast.Call):
            return
        enclosing = self.enclosing_function(stmt)
        if self.is_client_send(call):
            # A bare statement drops the coroutine; `return client.send(...)` hands it to a caller.
            if isinstance(stmt, ast.Expr):
                self.report("INN001", call, f"`{dotted(call.func)}(...)` is not awaited: the event is never sent")
            return
        method = self.step_method(call)
        if method and isinstance(enclosing, ast.AsyncFunctionDef):
            what = "returns a coroutine" if isinstance(stmt, ast.Return) else "is never awaited"
            self.report("INN001", call, f"`{dotted(call.func)}(...)` {what}: the step never runs")

    # -- INN005 / INN006 ---------------------------------------------------------
    def _duration_value(self, node: ast.expr | None, where: str, config: bool) -> None:
        if node is None:
            return
        value = node
        if isinstance(node, ast.Name) and node.id in self.module_str_consts:
            value = self.module_str_consts[node.id]
        if is_str_value(value):
            shown = f'"{value.value}"' if isinstance(value, ast.Constant) else "an f-string"
            hint = timedelta_for(value.value) if isinstance(value, ast.Constant) else None
            self.report("INN005", node, f"{where} is given a string ({shown}); the SDK takes int milliseconds or "
                                        "timedelta", hint and f"`{hint}`")
            return
        ms = const_int(node)
        if ms is None or ms <= 0:
            return
        hint = f"`datetime.timedelta(seconds={ms})` if you meant seconds"
        if ms < 1000:
            extra = "; the SDK rejects durations under 1 s here" if config else ""
            self.report("INN006", node, f"{where} = {ms} means {ms} ms, not seconds{extra}", hint)
        elif ms % 3600 == 0 and ms % 1000 != 0:
            self.report("INN006", node, f"{where} = {ms} looks like seconds but means {ms / 1000:g} s", hint)

    def rule_inn005_006_step_durations(self, call: ast.Call, method: str) -> None:
        """Step durations: `sleep(step_id, duration: int | timedelta)`, `sleep_until(step_id,
        until: datetime)`, `wait_for_event(..., timeout: int | timedelta)`, `invoke(...,
        timeout=)`; ints are milliseconds (step_lib/step_async.py:310-331, 366-380, 45-52)."""
        if method == "sleep":
            self._duration_value(arg_or_kw(call, 1, "duration"), "step.sleep duration", False)
        elif method == "sleep_until":
            until = arg_or_kw(call, 1, "until")
            if is_str_value(until):
                self.report("INN005", until, "step.sleep_until is given a string; it takes a datetime",
                            "`datetime.datetime.fromisoformat(value)` (timezone-aware)")
        elif method in ("wait_for_event", "invoke", "invoke_by_id"):
            self._duration_value(kwarg(call, "timeout"), f"step.{method} timeout", True)

    def rule_inn005_006_config_durations(self, call: ast.Call, cls: str) -> None:
        """Config durations are `int | timedelta` and go through transforms.to_duration_str,
        which rejects < 1000 ms (server_lib/registration.py, _internal/transforms.py:98-107)."""
        for field in CONFIG_DURATION_FIELDS[cls]:
            self._duration_value(kwarg(call, field), f"{cls}({field}=)", cls != "Inngest")

    # -- INN007 ---------------------------------------------------------------
    def rule_inn007_imports(self, node: ast.Import | ast.ImportFrom) -> None:
        """Modules and names that do not exist in inngest==0.5.19 (seeds 001, 002:
        `from inngest.errors import NonRetriableError, RetryAfterError`)."""
        def check_module(mod: str) -> bool:
            if any(part.startswith("_") for part in mod.split(".")):
                return True  # private: not checked
            if mod not in SDK_MODULES:
                self.report("INN007", node, f"module `{mod}` does not exist in the inngest SDK {SDK_VERSION}")
                return False
            return True

        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "inngest" or alias.name.startswith("inngest."):
                    check_module(alias.name)
            return
        if node.level or not node.module or not (node.module == "inngest" or node.module.startswith("inngest.")):
            return
        if not check_module(node.module):
            return
        if node.module == "inngest":
            for alias in node.names:
                if alias.name != "*" and alias.name not in SDK_EXPORTS and alias.name not in TOP_SUBMODULES:
                    self.report("INN007", node, f"`inngest` has no `{alias.name}`")

    def rule_inn007_attribute(self, node: ast.Attribute) -> None:
        if not (isinstance(node.value, ast.Name) and node.value.id in self.inngest_module_names):
            return
        if node.attr in SDK_EXPORTS or node.attr in TOP_SUBMODULES or node.attr.startswith("_"):
            return
        self.report("INN007", node, f"`inngest.{node.attr}` does not exist in the inngest SDK {SDK_VERSION}")

    # -- INN008 ---------------------------------------------------------------
    def rule_inn008_retry_after(self, call: ast.Call) -> None:
        """`RetryAfterError(message, retry_after, quiet=False)` (_internal/errors.py:163-170).
        Seeds 001 and 002 write `RetryAfterError("1h", "Rate limited")`."""
        first = arg_or_kw(call, 0, "message")
        second = arg_or_kw(call, 1, "retry_after")
        first_is_duration = (
            (isinstance(first, ast.Constant) and isinstance(first.value, str) and DURATION_STR.match(first.value))
            or const_int(first) is not None
            or (isinstance(first, ast.Call) and last_name(first.func) == "timedelta")
        )
        if first_is_duration:
            self.report("INN008", call, "RetryAfterError gets the duration first; the signature is "
                                        "(message, retry_after)")
        elif second is None:
            if not any(isinstance(a, ast.Starred) for a in call.args) and not any(k.arg is None for k in call.keywords):
                self.report("INN008", call, "RetryAfterError without retry_after raises TypeError")
        elif is_str_value(second):
            self.report("INN008", second, "RetryAfterError retry_after is a string; it takes int ms, timedelta "
                                          "or datetime")
        elif second is not None:
            self._duration_value(second, "RetryAfterError retry_after", False)

    # -- INN009 ---------------------------------------------------------------
    def rule_inn009_interpolated(self, call: ast.Call, name: str) -> None:
        """Expressions built from data (seeds 000, 002: `if_exp=f"async.data.lead_id == '{lead_id}'"`)."""
        value = kwarg(call, name)
        if value is None:
            return
        resolved = self._resolve_local(value, call)
        if looks_interpolated(resolved):
            self.report("INN009", value, f"`{name}` is built by interpolating values into the expression")

    def rule_inn009_named_expression(self, node: ast.Assign) -> None:
        # A snippet listing `if_exp=f"..."` lines (seed 000) assigns to a name `if_exp`.
        for target in node.targets:
            if isinstance(target, ast.Name) and target.id in ("if_exp", "expression") \
                    and looks_interpolated(node.value):
                self.report("INN009", node.value, f"`{target.id}` is built by interpolating values into the expression")

    def _resolve_local(self, value: ast.expr, at: ast.AST) -> ast.expr:
        """A Name assigned exactly once in the enclosing function (or module) resolves to its value."""
        if not isinstance(value, ast.Name):
            return value
        scope = self.enclosing_function(at) or self.tree
        assigned = [n for n in walk_shallow(scope) if isinstance(n, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == value.id for t in n.targets)]
        return assigned[0].value if len(assigned) == 1 else value

    # -- INN012 ---------------------------------------------------------------
    def rule_inn012_step_id(self, call: ast.Call, method: str) -> None:
        """Step ids from time/randomness (seed 003 anti-pattern 3: `"step-" + Math.random()`)."""
        if method == "parallel":
            return
        step_id = arg_or_kw(call, 0, "step_id")
        if step_id is None:
            return
        found = self.nondeterministic_in(step_id)
        if not found:
            for sub in [step_id, *walk_shallow(step_id)]:
                if isinstance(sub, ast.Name):
                    resolved = self._resolve_local(sub, call)
                    if resolved is not sub:
                        found = self.nondeterministic_in(resolved)
                        if found:
                            break
        if found:
            self.report("INN012", step_id, f"step id is built from `{found}`, so it changes on every replay")

    # -- INN013 ---------------------------------------------------------------
    def rule_inn013_server_limits(self, call: ast.Call) -> None:
        """Server limits, github.com/inngest/inngest v1.44.0:
        pkg/consts/consts.go:125 `MaxConcurrencyLimits = 2`, enforced by
        pkg/inngest/concurrency.go:45 (`len(c.Limits) > consts.MaxConcurrencyLimits`);
        pkg/consts/consts.go:128 `MaxTriggers = 10`, enforced by pkg/inngest/trigger.go:47.
        Seed 000 ("Queue Priority with Concurrency Keys") lists three Concurrency entries."""
        conc = kwarg(call, "concurrency")
        if isinstance(conc, ast.List | ast.Tuple) and len(conc.elts) > MAX_CONCURRENCY_LIMITS:
            self.report("INN013", conc, f"{len(conc.elts)} concurrency constraints; the server accepts at most "
                                        f"{MAX_CONCURRENCY_LIMITS}")
        trig = kwarg(call, "trigger")
        if isinstance(trig, ast.List | ast.Tuple) and len(trig.elts) > MAX_TRIGGERS:
            self.report("INN013", trig, f"{len(trig.elts)} triggers; the server accepts at most {MAX_TRIGGERS}")

    # -- INN014 ---------------------------------------------------------------
    def rule_inn014_is_production(self, call: ast.Call) -> None:
        """Seed 002's client: `is_production=os.getenv("ENVIRONMENT") == "production"`."""
        value = kwarg(call, "is_production")
        if value is not None and not (isinstance(value, ast.Constant) and value.value in (True, False, None)):
            self.report("INN014", value, "is_production is computed from the environment; a missing variable "
                                         "disables signature checks in production")

    # -- INN015 ---------------------------------------------------------------
    def rule_inn015_handler_is_call_result(self, call: ast.Call) -> None:
        """`step.run(step_id, handler, *handler_args)` (step_lib/step_async.py:154-162)."""
        handler = arg_or_kw(call, 1, "handler")
        if isinstance(handler, ast.Await):
            self.report("INN015", handler, "step.run is given `await ...` as its handler: the work runs outside "
                                           "the step")
            return
        if not isinstance(handler, ast.Call):
            return
        name = last_name(handler.func) or ""
        if name in ("partial", "partialmethod") or name.startswith(("make_", "build_", "create_handler")) \
                or name.endswith(("_factory", "_handler", "handler")):
            return
        target = self.module_defs.get(name) if isinstance(handler.func, ast.Name) else None
        if target is not None and self._returns_callable(target):
            return
        handler_args = [*handler.args, *(k.value for k in handler.keywords)]
        if any(isinstance(a, ast.Lambda) or (isinstance(a, ast.Name) and a.id in self.all_def_names)
               or (isinstance(a, ast.Call) and last_name(a.func) == "partial") for a in handler_args):
            return  # a wrapper given a function (`asyncify(fn)`, a decorator): returns a callable
        self.report("INN015", handler, f"step.run is given `{dotted(handler.func) or 'a call'}(...)`, the result "
                                       f"of a call: it runs outside the step")

    @staticmethod
    def _returns_callable(fn: FuncNode) -> bool:
        local_defs = {n.name for n in fn.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
        for node in walk_shallow(fn):
            if isinstance(node, ast.Return) and node.value is not None:
                if isinstance(node.value, ast.Lambda):
                    return True
                if isinstance(node.value, ast.Name) and node.value.id in local_defs:
                    return True
                if isinstance(node.value, ast.Call) and last_name(node.value.func) == "partial":
                    return True
        return False

    # -- INN016 ---------------------------------------------------------------
    def rule_inn016_missing_step_id(self, call: ast.Call, method: str) -> None:
        """Every step method takes `step_id: str` first (step_lib/step_async.py)."""
        if method == "parallel":
            return
        first = arg_or_kw(call, 0, "step_id")
        label = f"step.{method}"
        if first is None:
            if not any(isinstance(a, ast.Starred) for a in call.args) and not any(k.arg is None for k in call.keywords):
                self.report("INN016", call, f"{label} has no step id")
            return
        not_an_id = (
            isinstance(first, ast.Lambda | ast.List | ast.Dict | ast.Tuple | ast.Await)
            or (isinstance(first, ast.Constant) and not isinstance(first.value, str))
            or (isinstance(first, ast.Call) and last_name(first.func) in ("timedelta", "Event", "datetime", "now"))
            or (isinstance(first, ast.Name) and first.id in self.module_defs)
        )
        if not_an_id:
            self.report("INN016", first, f"the first argument of {label} is not a step id")
        elif method == "sleep" and arg_or_kw(call, 1, "duration") is None:
            self.report("INN016", call, "step.sleep has one argument: the step id or the duration is missing")

    # -- INN017 ---------------------------------------------------------------
    def rule_inn017_parallel_coroutines(self, call: ast.Call) -> None:
        """`Group.parallel(callables: tuple[Callable[[], Awaitable[T]], ...])` calls `cb()` on each
        item (step_lib/group.py:13-37)."""
        if not call.args:
            return
        arg = call.args[0]
        items: list[ast.AST] = []
        if isinstance(arg, ast.Tuple | ast.List):
            items = list(arg.elts)
        elif isinstance(arg, ast.GeneratorExp | ast.ListComp):
            items = [arg.elt]
        elif isinstance(arg, ast.Call) and last_name(arg.func) in ("tuple", "list") and arg.args \
                and isinstance(arg.args[0], ast.GeneratorExp | ast.ListComp):
            items = [arg.args[0].elt]
        for item in items:
            if self.step_method(item):
                self.report("INN017", item, "group.parallel is given a step call, not a callable")

    # -- per Inngest function -------------------------------------------------------
    def inngest_functions(self) -> list[InngestFn]:
        found: dict[int, FuncNode] = {}
        failure_handlers: set[str] = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for deco in node.decorator_list:
                    if isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute) \
                            and deco.func.attr == "create_function":
                        found[id(node)] = node
                        handler = kwarg(deco, "on_failure")
                        if isinstance(handler, ast.Name):
                            failure_handlers.add(handler.id)
                params = node.args.posonlyargs + node.args.args
                if params and params[0].annotation is not None:
                    ann = dotted(params[0].annotation) or ""
                    if ann.split(".")[-1] in ("Context", "ContextSync"):
                        found[id(node)] = node
        for name in failure_handlers:
            if name in self.module_defs:
                found[id(self.module_defs[name])] = self.module_defs[name]
        result = []
        for node in found.values():
            params = node.args.posonlyargs + node.args.args
            ctx_name = params[0].arg if params else None
            step_names, group_names = set(self.step_names), set(self.group_names)
            result.append(InngestFn(node, ctx_name, step_names, group_names))
        return result

    def step_handlers(self, fn: FuncNode) -> tuple[list[ast.AST], list[FuncNode]]:
        """Handlers of the `step.run` calls in `fn`: (closures defined in fn, module-level defs)."""
        nested_defs = {n.name: n for n in walk_all(fn) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
        closures: list[ast.AST] = []
        module_level: list[FuncNode] = []
        for node in walk_all(fn):
            if self.step_method(node) != "run":
                continue
            handler = arg_or_kw(node, 1, "handler")  # type: ignore[arg-type]
            if isinstance(handler, ast.Call) and last_name(handler.func) == "partial" and handler.args:
                handler = handler.args[0]
            if isinstance(handler, ast.Lambda):
                closures.append(handler)
            elif isinstance(handler, ast.Name):
                if handler.id in nested_defs:
                    closures.append(nested_defs[handler.id])
                elif handler.id in self.module_defs:
                    module_level.append(self.module_defs[handler.id])
        return closures, module_level

    def check_inngest_function(self, fn: InngestFn) -> None:
        closures, module_level = self.step_handlers(fn.node)
        skip = {id(c) for c in closures}
        for handler in closures:
            self.rule_inn002_nested_steps(handler)
            self.rule_inn003_mutation(fn, handler, skip)
        for handler in module_level:
            if handler is not fn.node:
                self.rule_inn002_nested_steps(handler)
        # Nested defs run in the body's context when the body calls them; one that is never
        # called by name (a handler passed elsewhere, dead code) is left out.
        called = {n.func.id for n in walk_all(fn.node, skip) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        skip |= {id(n) for n in walk_all(fn.node, skip)
                 if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name not in called}
        body_nodes = [n for stmt in fn.node.body if id(stmt) not in skip for n in [stmt, *walk_all(stmt, skip)]]
        self.rule_inn004_awaits_outside_steps(fn, body_nodes)
        self.rule_inn010_send_outside_step(body_nodes)
        self.rule_inn011_nondeterminism(body_nodes)
        self.rule_inn018_broad_except(fn, body_nodes)
        self.rule_inn019_await_in_sync_handler(fn)

    # -- INN019 ---------------------------------------------------------------
    def rule_inn019_await_in_sync_handler(self, fn: InngestFn) -> None:
        """`await` in a plain `def` handler. `ast.parse` accepts it, the compiler does not
        ("'await' outside async function"), so the module fails to import. The SDK picks the
        sync or async step API from `inspect.iscoroutinefunction(handler)` (_internal/function.py:79-81)."""
        if not isinstance(fn.node, ast.FunctionDef):
            return
        for node in walk_shallow(fn.node):
            if isinstance(node, ast.Await):
                self.report("INN019", node, f"`await` in `def {fn.node.name}`, a sync handler: SyntaxError on import")

    # -- INN002 ---------------------------------------------------------------
    def rule_inn002_nested_steps(self, handler: ast.AST) -> None:
        """Nested steps (eslint-plugin: no-nested-steps); the SDK answers STEP_NESTED
        'Nested steps are not supported.' (step_lib/step_async.py:229-241)."""
        for stmt in body_of(handler):
            for node in [stmt, *walk_all(stmt)]:
                if self.is_step_call(node):
                    self.report("INN002", node, f"`{dotted(node.func)}(...)` inside a step.run handler: "  # type: ignore[attr-defined]
                                                "steps cannot be nested")

    # -- INN003 ---------------------------------------------------------------
    def rule_inn003_mutation(self, fn: InngestFn, handler: ast.AST, skip: set[int]) -> None:
        """Mutation of outer variables in a step (eslint-plugin: no-variable-mutation-in-step)."""
        outer: set[str] = set()
        for a in fn.node.args.posonlyargs + fn.node.args.args + fn.node.args.kwonlyargs:
            outer.add(a.arg)
        for node in walk_all(fn.node, skip):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                outer.add(node.id)
        outer.discard(fn.ctx_name or "")
        own: set[str] = set()
        args = handler.args  # type: ignore[attr-defined]
        for a in args.posonlyargs + args.args + args.kwonlyargs:
            own.add(a.arg)
        declared: set[str] = set()
        for node in walk_all(handler):
            if isinstance(node, ast.Nonlocal):
                declared.update(node.names)
                mine = [n for n in node.names if n in outer]
                if mine:  # a variable of the Inngest function (not of a scope around it, e.g. a test)
                    self.report("INN003", node, f"`nonlocal {', '.join(mine)}` in a step handler: the assignment "
                                                "is lost on replay")
            elif isinstance(node, ast.Global):
                declared.update(node.names)
                self.report("INN003", node, f"`global {', '.join(node.names)}` in a step handler: module state "
                                            "lives in one process; replays and other replicas do not see it")
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                own.add(node.id)
        own -= declared
        candidates = outer - own

        def outer_name(target: ast.AST) -> str | None:
            while isinstance(target, ast.Subscript | ast.Attribute):
                target = target.value
            if isinstance(target, ast.Name) and target.id in candidates:
                return target.id
            return None

        for node in [handler, *walk_all(handler)]:
            targets: list[ast.AST] = []
            if isinstance(node, ast.Assign):
                targets = list(node.targets)
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            elif isinstance(node, ast.Delete):
                targets = list(node.targets)
            for target in targets:
                if isinstance(target, ast.Subscript | ast.Attribute):
                    name = outer_name(target)
                    if name:
                        self.report("INN003", node, f"step handler changes `{name}` of the enclosing function: "
                                                    "lost on replay")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in LIST_MUTATORS:
                name = outer_name(node.func.value)
                if name:
                    self.report("INN003", node, f"step handler calls `{name}.{node.func.attr}(...)` on a variable of "
                                                "the enclosing function: lost on replay")

    # -- INN004 ---------------------------------------------------------------
    def _uses_steps(self, fn: ast.AST) -> bool:
        return any(self.is_step_call(n) for n in walk_all(fn))

    def rule_inn004_awaits_outside_steps(self, fn: InngestFn, body_nodes: list[ast.AST]) -> None:
        """Work outside steps re-runs on every request (seed 003 invariant 1 and 9)."""
        nested_defs = {n.name: n for n in walk_all(fn.node) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
        passable = {fn.ctx_name, *fn.step_names} - {None}
        for node in body_nodes:
            if isinstance(node, ast.Call) and self.qualify(node.func) == "time.sleep":
                self.report("INN004", node, "`time.sleep(...)` in the function body blocks and repeats on every "
                                            "replay", "`await ctx.step.sleep(\"wait\", timedelta(...))`")
                continue
            if not isinstance(node, ast.Await):
                continue
            value = node.value
            if not isinstance(value, ast.Call):
                continue  # awaiting a name or attribute: cannot tell
            if self.is_step_call(value) or self.is_client_send(value):
                continue  # a step, or INN010's business
            if dotted(value.func) is None:
                continue  # `await steps.pop()()`: cannot tell what is called
            if any(self.is_step_call(a) or self._uses_steps(a) for a in [*value.args, *(k.value for k in value.keywords)]):
                continue  # gather / wait_for over steps: not a side effect of its own
            if last_name(value.func) == "gather" and any(isinstance(a, ast.Starred) for a in value.args):
                continue
            name = last_name(value.func)
            if isinstance(value.func, ast.Name) and name in nested_defs:
                continue  # a nested helper: its own body is checked as part of this function
            target = self.module_defs.get(name or "") if isinstance(value.func, ast.Name) else None
            if target is not None and (self._uses_steps(target) or target is fn.node):
                continue
            arg_names = {dotted(a) for a in [*value.args, *(k.value for k in value.keywords)]}
            if arg_names & passable or any(n and n.endswith(".step") for n in arg_names):
                continue  # a helper given the context or the step: it runs steps itself
            shown = dotted(value.func) or "a call"
            self.report("INN004", node, f"`await {shown}(...)` outside a step: it runs again on every replay")

    # -- INN010 ---------------------------------------------------------------
    def rule_inn010_send_outside_step(self, body_nodes: list[ast.AST]) -> None:
        """`client.send` in the body (seed 000 "Sequential Workflow Chain", seed 002 "From Within
        Workflows"): duplicates on replay; `step.send_event` wraps it in a step (step_async.py:245)."""
        for node in body_nodes:
            if self.is_client_send(node, sync_too=True):
                self.report("INN010", node, f"`{dotted(node.func)}(...)` in the function body, outside a step: "  # type: ignore[attr-defined]
                                            "sent again on every replay")

    # -- INN011 ---------------------------------------------------------------
    def rule_inn011_nondeterminism(self, body_nodes: list[ast.AST]) -> None:
        """Non-deterministic values outside steps (seed 003 invariants 1 and 9)."""
        for node in body_nodes:
            value: ast.AST | None = None
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.NamedExpr):
                # Locals only: `state.x = now()` stores outside (instrumentation), it is not
                # a value the function carries from one step to the next.
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t for target in targets for t in [target, *ast.walk(target)]]
                if any(isinstance(t, ast.Name) for t in names) and not any(
                        isinstance(t, ast.Attribute | ast.Subscript) for t in targets):
                    value = node.value
            elif isinstance(node, ast.If | ast.While | ast.IfExp):
                value = node.test
            if value is None:
                continue
            if isinstance(value, ast.Await):
                continue  # the value of a step or an awaited call (INN004)
            found = self.nondeterministic_in(value)
            if found:
                self.report("INN011", value, f"`{found}` outside a step gives a new value on every replay")

    # -- INN018 ---------------------------------------------------------------
    def _runs_steps(self, node: ast.AST, fn: InngestFn) -> bool:
        """A step call, or a call of a same-file function that runs steps / gets the context."""
        if self.is_step_call(node):
            return True
        if not isinstance(node, ast.Call):
            return False
        if isinstance(node.func, ast.Name) and node.func.id in self.module_defs \
                and self._uses_steps(self.module_defs[node.func.id]):
            return True
        passable = {fn.ctx_name, *fn.step_names} - {None}
        return any(dotted(a) in passable for a in [*node.args, *(k.value for k in node.keywords)])

    def rule_inn018_broad_except(self, fn: InngestFn, body_nodes: list[ast.AST]) -> None:
        """Steps interrupt the handler with BaseException subclasses (step_lib/base.py:161,187)."""
        for node in body_nodes:
            if not isinstance(node, ast.Try):
                continue
            if not any(self._runs_steps(n, fn) for stmt in node.body for n in [stmt, *walk_all(stmt)]):
                continue
            for handler in node.handlers:
                names = []
                if handler.type is None:
                    names = ["BaseException"]
                elif isinstance(handler.type, ast.Tuple):
                    names = [last_name(e) for e in handler.type.elts]
                else:
                    names = [last_name(handler.type)]
                if "BaseException" not in names:
                    continue
                reraises = any(isinstance(n, ast.Raise) and (n.exc is None or (
                    isinstance(n.exc, ast.Name) and n.exc.id == handler.name)) for n in walk_shallow(handler))
                if not reraises:
                    label = "bare `except:`" if handler.type is None else "`except BaseException`"
                    self.report("INN018", handler, f"{label} around steps swallows the SDK's step interrupt")


# ---------------------------------------------------------------------------
# Files, suppression, CLI
# ---------------------------------------------------------------------------

SKIP_DIRS = frozenset({".venv", "venv", "node_modules", "__pycache__", ".git"})


class ParseError(Exception):
    def __init__(self, path: str, line: int, col: int, message: str) -> None:
        super().__init__(f"{path}:{line}:{col}: could not parse: {message}")


def suppressions(source: str) -> dict[int, set[str] | None]:
    """line -> suppressed rule ids (None: all rules)."""
    result: dict[int, set[str] | None] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type != tokenize.COMMENT:
                continue
            match = SUPPRESS.search(tok.string)
            if not match:
                continue
            ids = {i.strip().upper() for i in (match.group(1) or "").split(",") if i.strip()}
            result[tok.start[0]] = ids or None
    except (tokenize.TokenError, SyntaxError):
        pass
    return result


def lint_source(source: str, path: str = "<string>", select: Iterable[str] | None = None) -> list[Finding]:
    """Lint one module's source. Raises ParseError if it does not parse."""
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as err:
        raise ParseError(path, err.lineno or 1, err.offset or 1, err.msg) from None
    findings = FileAnalyzer(path, tree).run()
    wanted = set(select) if select is not None else set(ALL_RULE_IDS)
    quiet = suppressions(source)
    kept = []
    for f in findings:
        if f.rule not in wanted:
            continue
        if f.line in quiet and (quiet[f.line] is None or f.rule in quiet[f.line]):  # type: ignore[operator]
            continue
        kept.append(f)
    return kept


def iter_python_files(path: str) -> Iterator[str]:
    if os.path.isfile(path):
        yield path
        return
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(root, name)


def rules_table() -> str:
    lines = ["| id | catches | why | fix |", "| --- | --- | --- | --- |"]
    for rule in RULES.values():
        cells = [rule.id, rule.catches, rule.why, rule.fix]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def parse_ids(value: str | None, parser: argparse.ArgumentParser, option: str) -> set[str] | None:
    if value is None:
        return None
    ids = {i.strip().upper() for i in value.split(",") if i.strip()}
    unknown = sorted(ids - set(ALL_RULE_IDS))
    if unknown or not ids:
        parser.error(f"{option}: unknown rule id(s): {', '.join(unknown) or value!r} "
                     f"(known: {', '.join(ALL_RULE_IDS)})")
    return ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="inngest_lint.py",
        description=f"Lint Python code that uses the Inngest SDK (inngest=={SDK_VERSION}).",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    parser.add_argument("--json", action="store_true", help="print findings as a JSON list")
    parser.add_argument("--select", metavar="IDS", help="comma-separated rule ids to run")
    parser.add_argument("--ignore", metavar="IDS", help="comma-separated rule ids to skip")
    parser.add_argument("--list-rules", action="store_true", help="print the rule table (markdown)")
    args = parser.parse_args(argv)

    if args.list_rules:
        print(rules_table())
        return 0
    selected = parse_ids(args.select, parser, "--select") or set(ALL_RULE_IDS)
    selected -= parse_ids(args.ignore, parser, "--ignore") or set()
    if not args.paths:
        parser.error("no PATH given")
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")

    findings: list[Finding] = []
    broken = False
    for root in args.paths:
        for path in iter_python_files(root):
            try:
                with open(path, encoding="utf-8") as fh:
                    source = fh.read()
                findings.extend(lint_source(source, path, selected))
            except ParseError as err:
                print(err, file=sys.stderr)
                broken = True
            except (OSError, UnicodeDecodeError) as err:
                print(f"{path}:1:1: could not read: {err}", file=sys.stderr)
                broken = True

    if args.json:
        print(json.dumps([asdict(f) for f in findings], indent=2))
    else:
        for f in findings:
            print(f.format())
    if broken:
        return 2
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
