"""The static layer of inngest-lint: rules over one file's AST, no import, no server.

The SDK's public surface and signatures are embedded below (the static mode must not
import `inngest`, so it stays fast); tests/lint/test_inngest_lint.py compares every
table with the installed SDK. Server bounds cite the pinned server's source.
Match expressions are parsed with cel-python (expressions.py).

What is an Inngest function here: a function decorated with
`@<anything>.create_function(...)`, a handler passed as `on_failure=`, or a
function whose parameter is annotated `inngest.Context`/`ContextSync` (a helper
that runs inside a handler). Its first parameter gives `ctx.step`/`ctx.group`;
`step = ctx.step` and a parameter annotated `inngest.Step` are followed too.
Only what can be resolved in the same file is analysed; a name assigned once in
the function or the module (or a class attribute) is followed to its value.
"""

from __future__ import annotations

import ast
import io
import os
import re
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .rules import ALL_RULE_IDS, RULES, Finding

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
# More server bounds (v1.44.0). `inngest-lint --server` asks the server itself; these let the
# static mode see a value written in the file. tests/lint/test_runtime_proofs.py syncs the
# value at each bound and one past it against the real server.
MAX_CANCELLATIONS = 5  # pkg/consts/consts.go:97, checked in pkg/inngest/function.go:508
MAX_RETRIES = 20  # pkg/consts/consts.go:71, capped silently in pkg/sdk/function.go:126-129
MIN_DEBOUNCE_MS = 1_000  # pkg/consts/consts.go:81, checked in pkg/inngest/function.go:527
MAX_DEBOUNCE_MS = 7 * 24 * 3_600_000  # pkg/consts/consts.go:85, checked in pkg/inngest/function.go:530
MAX_RATE_LIMIT_PERIOD_MS = 24 * 3_600_000  # FunctionIdempotencyPeriod, pkg/consts/consts.go:140; function.go:199

# Signatures of the SDK's step methods (step_lib/step_async.py), `create_function`
# (client_lib/client.py:209) and the config models (server_lib/registration.py):
# (positional parameters, keyword parameters, required keywords, takes *args).
# tests/lint/test_inngest_lint.py compares every entry with `inspect.signature` of the SDK.
STEP_SIGNATURES: dict[str, tuple[tuple[str, ...], frozenset[str], frozenset[str], bool]] = {
    "run": (("step_id", "handler"), frozenset({"step_id", "handler", "output_type"}), frozenset(), True),
    "sleep": (("step_id", "duration"), frozenset({"step_id", "duration"}), frozenset(), False),
    "sleep_until": (("step_id", "until"), frozenset({"step_id", "until"}), frozenset(), False),
    "send_event": (("step_id", "events"), frozenset({"step_id", "events"}), frozenset(), False),
    "wait_for_event": (("step_id",), frozenset({"step_id", "event", "if_exp", "timeout"}),
                       frozenset({"event", "timeout"}), False),
    "invoke": (("step_id",), frozenset({"step_id", "function", "data", "timeout", "v"}),
               frozenset({"function"}), False),
    "invoke_by_id": (("step_id",), frozenset({"step_id", "app_id", "function_id", "data", "timeout", "v"}),
                     frozenset({"function_id"}), False),
}
CONFIG_NAMES = frozenset({*CONFIG_DURATION_FIELDS, *(k for k in EXPRESSION_KWARGS if k), "RetryAfterError"})
CREATE_FUNCTION_KWARGS = frozenset({
    "batch_events", "cancel", "concurrency", "debounce", "fn_id", "idempotency", "middleware", "name",
    "on_failure", "output_type", "priority", "rate_limit", "retries", "throttle", "timeouts", "singleton",
    "trigger",
})
CREATE_FUNCTION_REQUIRED = frozenset({"fn_id", "trigger"})
# Config models: field -> required. Pydantic models take keywords only; unknown ones are dropped.
CONFIG_FIELDS: dict[str, dict[str, bool]] = {
    "Batch": {"max_size": True, "timeout": False, "key": False, "if_exp": False},
    "Cancel": {"event": True, "if_exp": False, "timeout": False},
    "Concurrency": {"key": False, "limit": True, "scope": False},
    "Debounce": {"key": False, "period": True, "timeout": False},
    "Priority": {"run": True},
    "RateLimit": {"key": False, "limit": True, "period": True},
    "Singleton": {"key": False, "mode": True},
    "Throttle": {"key": False, "limit": True, "period": True, "burst": False},
    "Timeouts": {"start": False, "finish": False},
    "TriggerCron": {"cron": True, "jitter": False},
    "TriggerEvent": {"event": True, "expression": False},
    "Event": {"data": False, "id": False, "name": True, "ts": False},
}

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
        self.nodes: list[ast.AST] = [tree]  # every node once, in ast.walk order
        for parent in self.nodes:  # grows while it is read: a breadth-first walk
            for child in ast.iter_child_nodes(parent):
                self.parents[id(child)] = parent
                self.nodes.append(child)
        self.aliases: dict[str, str] = {}  # local name -> qualified name
        self.inngest_module_names: set[str] = set()
        self.client_names: set[str] = set()
        self.module_defs: dict[str, FuncNode] = {}
        self.module_str_consts: dict[str, ast.expr] = {}
        self.step_names: set[str] = {"step"}
        self.group_names: set[str] = set()
        self.all_def_names: set[str] = set()
        self.step_decorated: set[str] = set()  # defs made steps by `@inngest.experimental.step("id")`
        self._subtrees: dict[int, list[ast.AST]] = {}
        self._collect()

    def subtree(self, node: ast.AST) -> list[ast.AST]:
        """walk_all(node), computed once per node: many rules walk the same function."""
        key = id(node)
        if key not in self._subtrees:
            self._subtrees[key] = list(walk_all(node))
        return self._subtrees[key]

    # -- collection ---------------------------------------------------------
    def _collect(self) -> None:
        imports_inngest = False
        for node in self.nodes:
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
        json_bases = {"dict", "list", "str", "int", "float", "tuple", "TypedDict", "NamedTuple", "StrEnum",
                      "IntEnum", "UserDict", "UserList", "Protocol"}
        self.plain_classes = {n.name for n in self.tree.body if isinstance(n, ast.ClassDef)
                              and not ({last_name(b) for b in n.bases} & json_bases)}
        for node in self.tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.module_defs[node.name] = node
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                if is_str_value(node.value):
                    self.module_str_consts[node.targets[0].id] = node.value
        for node in self.nodes:
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
        cls = last_name(call.func)
        if cls in CONFIG_NAMES and self.is_config(call, cls):
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
        for node in self.nodes:
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
                self.rule_inn025_credentials(node)
            elif isinstance(node, ast.Constant):
                self.rule_inn025_credentials(node)
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
        for value, where in self.expressions_of(call):
            self.rule_inn020_021_expression(value, call, where)
        self.rule_inn026_signature(call)
        self.rule_inn027_bounds(call)
        self.rule_inn028_cron(call)
        self.rule_inn025_credentials(call)
        if method in ("wait_for_event", "invoke", "invoke_by_id"):
            self.rule_inn024_subsecond(kwarg(call, "timeout"), call, f"step.{method} timeout")
        if cls in CONFIG_DURATION_FIELDS and cls != "Inngest":
            for field in CONFIG_DURATION_FIELDS[cls]:
                self.rule_inn024_subsecond(kwarg(call, field), call, f"{cls}({field}=)")

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
        value = self.resolve(node, node)
        if is_str_value(value):
            shown = f'"{value.value}"' if isinstance(value, ast.Constant) else "an f-string"
            hint = timedelta_for(value.value) if isinstance(value, ast.Constant) else None
            self.report("INN005", node, f"{where} is given a string ({shown}); the SDK takes int milliseconds or "
                                        "timedelta", hint and f"`{hint}`")
            return
        ms = const_int(value)
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
        count = self.length(conc, call)
        if count is not None and count > MAX_CONCURRENCY_LIMITS:
            self.report("INN013", conc, f"{count} concurrency constraints; the server accepts at most "
                                        f"{MAX_CONCURRENCY_LIMITS}")
        trig = kwarg(call, "trigger")
        count = self.length(trig, call)
        if count is not None and count > MAX_TRIGGERS:
            self.report("INN013", trig, f"{count} triggers; the server accepts at most {MAX_TRIGGERS}")

    def length(self, node: ast.AST | None, at: ast.AST) -> int | None:
        """The length of a list/tuple literal, or of a comprehension over `range(N)` or over a
        list/tuple literal (names followed), without conditions."""
        node = self.resolve(node, at)
        if isinstance(node, ast.List | ast.Tuple) and not any(isinstance(e, ast.Starred) for e in node.elts):
            return len(node.elts)
        if isinstance(node, ast.ListComp | ast.GeneratorExp) and len(node.generators) == 1 \
                and not node.generators[0].ifs:
            source = node.generators[0].iter
            if isinstance(source, ast.Call) and last_name(source.func) == "range" and len(source.args) == 1:
                n = self.number(source.args[0], at)
                return int(n) if n is not None else None
            return self.length(source, at)
        return None

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

    # -- values: constants and variables -------------------------------------------
    def resolve(self, node: ast.AST | None, at: ast.AST, depth: int = 0) -> ast.AST | None:
        """A name (or `Class.ATTR`) assigned exactly once in the enclosing function or the module
        resolves to the assigned expression; anything else stays as it is."""
        if node is None or depth > 6:
            return node
        if isinstance(node, ast.Name):
            scopes = [s for s in (self.enclosing_function(at), self.tree) if s is not None]
            for scope in scopes:
                values = self._assignments(scope, node.id)
                if values is None:
                    continue  # not assigned here: look further out
                if len(values) == 1:
                    return self.resolve(values[0], values[0], depth + 1)
                return node
            return node
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            cls = next((c for c in self.tree.body if isinstance(c, ast.ClassDef) and c.name == node.value.id), None)
            if cls is not None:
                values = self._assignments(cls, node.attr)
                if values and len(values) == 1:
                    return self.resolve(values[0], values[0], depth + 1)
        return node

    @staticmethod
    def _assignments(scope: ast.AST, name: str) -> list[ast.expr] | None:
        """Values assigned to `name` directly in `scope` (None: never bound there; a loop
        target or augmented assignment counts as a second value)."""
        values: list[ast.expr] = []
        bound = False
        nodes = scope.body if isinstance(scope, ast.ClassDef) else walk_shallow(scope)
        for n in nodes:
            if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in n.targets):
                values.append(n.value)
                bound = True
            elif isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and n.target.id == name:
                if n.value is not None:
                    values.append(n.value)
                bound = True
            elif isinstance(n, ast.AugAssign | ast.For | ast.AsyncFor | ast.NamedExpr) and any(
                    isinstance(t, ast.Name) and t.id == name for t in ast.walk(n.target)):
                values += [n.target, n.target]
                bound = True
        if isinstance(scope, FuncNode):
            params = scope.args.posonlyargs + scope.args.args + scope.args.kwonlyargs
            if any(p.arg == name for p in params):
                return [ast.Name(id=name), ast.Name(id=name)]  # a parameter: unknown value
        return values if bound else None

    def number(self, node: ast.AST | None, at: ast.AST) -> float | None:
        node = self.resolve(node, at)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            v = self.number(node.operand, at)
            return -v if v is not None else None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.Add | ast.Sub | ast.Div | ast.FloorDiv):
            left, right = self.number(node.left, at), self.number(node.right, at)
            if left is None or right is None or (isinstance(node.op, ast.Div | ast.FloorDiv) and right == 0):
                return None
            ops = {ast.Mult: left * right, ast.Add: left + right, ast.Sub: left - right}
            if isinstance(node.op, ast.Div):
                return left / right
            if isinstance(node.op, ast.FloorDiv):
                return left // right
            return ops[type(node.op)]
        return None

    def duration(self, node: ast.AST | None, at: ast.AST) -> tuple[str, object, ast.AST] | None:
        """("str", text | None, value) for a string, ("int", ms, value) for a number of
        milliseconds, ("timedelta", ms, value) for a `timedelta(...)` of known size."""
        value = self.resolve(node, at)
        if value is None:
            return None
        if is_str_value(value):
            return ("str", value.value if isinstance(value, ast.Constant) else None, value)
        n = self.number(value, at)
        if n is not None:
            return ("int", n, value)
        if isinstance(value, ast.Call) and last_name(value.func) == "timedelta":
            units = ("days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks")
            ms_per = {"days": 86_400_000, "seconds": 1000, "microseconds": 0.001, "milliseconds": 1,
                      "minutes": 60_000, "hours": 3_600_000, "weeks": 604_800_000}
            total = 0.0
            pairs = list(zip(units, value.args, strict=False)) + [(k.arg, k.value) for k in value.keywords]
            for unit, arg in pairs:
                v = self.number(arg, at)
                if unit not in ms_per or v is None:
                    return None
                total += v * ms_per[unit]
            return ("timedelta", total, value)
        return None

    # -- INN024 ---------------------------------------------------------------
    def rule_inn024_subsecond(self, node: ast.AST | None, at: ast.AST, where: str) -> None:
        """transforms.to_duration_str (inngest/_internal/transforms.py:98-122): < 1000 ms is
        refused, so is a value that is not whole seconds."""
        found = self.duration(node, at)
        if found is None or found[0] == "str":
            return
        kind, ms, _ = found
        if kind == "int" and ms < 1000:
            return  # INN006 reports a small int (probably meant as seconds)
        if ms < 1000:
            self.report("INN024", node, f"{where} is {ms:g} ms: the SDK refuses durations under 1 second here")
        elif ms % 1000:
            self.report("INN024", node, f"{where} is {ms:g} ms: the SDK refuses durations that are not whole "
                                        "seconds here")

    # -- INN020 / INN021 ----------------------------------------------------------
    def rule_inn020_021_expression(self, value: ast.AST | None, at: ast.AST, where: str) -> None:
        resolved = self.resolve(value, at)
        if not (isinstance(resolved, ast.Constant) and isinstance(resolved.value, str)):
            return
        from . import expressions

        if not expressions.available():
            return
        verdict = expressions.check(resolved.value)
        if verdict.error:
            self.report("INN020", value, f"{where} {verdict.error}: {resolved.value!r}")
            return
        unknown = sorted(verdict.names - expressions.ALLOWED_NAMES)
        if unknown:
            self.report("INN021", value, f"{where} references {', '.join(f'`{n}`' for n in unknown)}; the "
                                         "server knows only `event` and `async`")

    def expressions_of(self, call: ast.Call) -> list[tuple[ast.expr, str]]:
        out: list[tuple[ast.expr, str]] = []
        method = self.step_method(call)
        if method == "wait_for_event" and kwarg(call, "if_exp") is not None:
            out.append((kwarg(call, "if_exp"), "wait_for_event(if_exp=)"))  # type: ignore[arg-type]
        cls = self.config_name(call) or self.config_class(call)
        if cls:
            for field in ("if_exp", "expression", "key", "run"):
                if cls in CONFIG_FIELDS and field in CONFIG_FIELDS[cls] and kwarg(call, field) is not None:
                    out.append((kwarg(call, field), f"{cls}({field}=)"))  # type: ignore[arg-type]
        if isinstance(call.func, ast.Attribute) and call.func.attr == "create_function" \
                and kwarg(call, "idempotency") is not None:
            out.append((kwarg(call, "idempotency"), "create_function(idempotency=)"))  # type: ignore[arg-type]
        return out

    def config_class(self, call: ast.Call) -> str | None:
        cls = last_name(call.func)
        if cls in CONFIG_FIELDS and self.is_config(call, cls):
            return cls
        return None

    # -- INN022 ---------------------------------------------------------------
    def rule_inn022_late_binding(self, fn: ast.AST) -> None:
        """A callable made in a loop that runs steps later (group.parallel) sees the loop
        variable's final value: closures look names up when they run."""
        for node in self.subtree(fn):
            if not isinstance(node, ast.Lambda | ast.FunctionDef | ast.AsyncFunctionDef) or node is fn:
                continue
            if not any(self.is_step_call(n) for n in walk_all(node)):
                continue
            loop_vars = self._enclosing_loop_vars(node, fn)
            if not loop_vars:
                continue
            args = node.args
            own = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
            used = {n.id for n in walk_all(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
            late = sorted((used & loop_vars) - own)
            if late:
                self.report("INN022", node, f"callable made in a loop uses `{', '.join(late)}` late: when the "
                                            "steps run, every callable sees the last value")

    def _enclosing_loop_vars(self, node: ast.AST, stop: ast.AST) -> set[str]:
        names: set[str] = set()
        child, cur = node, self.parents.get(id(node))
        while cur is not None and cur is not stop:
            if isinstance(cur, ast.For | ast.AsyncFor) and child in cur.body:
                names |= {n.id for n in ast.walk(cur.target) if isinstance(n, ast.Name)}
            elif isinstance(cur, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
                for gen in cur.generators:
                    names |= {n.id for n in ast.walk(gen.target) if isinstance(n, ast.Name)}
            elif isinstance(cur, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                break
            child, cur = cur, self.parents.get(id(cur))
        return names

    # -- INN023 ---------------------------------------------------------------
    NON_JSON_TYPES = frozenset({"datetime", "date", "time", "timedelta", "set", "frozenset", "bytes",
                                "bytearray", "Decimal", "UUID", "Path", "PurePath", "complex"})
    NON_JSON_CALLS = frozenset({
        "datetime.datetime.now", "datetime.datetime.utcnow", "datetime.datetime.today",
        "datetime.datetime.fromisoformat", "datetime.datetime.fromtimestamp", "datetime.date.today",
        "datetime.date.fromisoformat", "datetime.datetime", "datetime.date", "datetime.timedelta",
        "decimal.Decimal", "uuid.uuid4", "uuid.uuid1", "uuid.UUID", "pathlib.Path",
    })
    NON_JSON_BUILTINS = frozenset({"set", "frozenset", "bytes", "bytearray", "complex", "object"})

    def non_json(self, value: ast.AST | None, at: ast.AST) -> str | None:
        value = self.resolve(value, at)
        if isinstance(value, ast.Set | ast.SetComp):
            return "a set"
        if isinstance(value, ast.Constant) and isinstance(value.value, bytes):
            return "bytes"
        if isinstance(value, ast.Call):
            name = self.qualify(value.func) or ""
            if name in self.NON_JSON_CALLS:
                return f"`{dotted(value.func)}(...)`"
            if isinstance(value.func, ast.Name) and value.func.id in self.NON_JSON_BUILTINS \
                    and value.func.id not in self.aliases and value.func.id not in self.module_defs:
                return f"`{value.func.id}(...)`"
            if isinstance(value.func, ast.Name) and value.func.id in self.plain_classes:
                return f"a `{value.func.id}` instance"
        return None

    def rule_inn023_non_json_results(self, fn: InngestFn) -> None:
        nested = {n.name: n for n in self.subtree(fn.node) if isinstance(n, FuncNode)}
        for node in self.subtree(fn.node):
            if self.step_method(node) != "run" or kwarg(node, "output_type") is not None:  # type: ignore[arg-type]
                continue
            handler = arg_or_kw(node, 1, "handler")  # type: ignore[arg-type]
            target: ast.AST | None = None
            if isinstance(handler, ast.Lambda):
                target = handler
            elif isinstance(handler, ast.Name):
                target = nested.get(handler.id) or self.module_defs.get(handler.id)
            if target is not None:
                self._report_non_json_returns(target, "step handler")
        has_output_type = any(isinstance(d, ast.Call) and kwarg(d, "output_type") is not None
                              for d in fn.node.decorator_list)
        if not has_output_type and any(isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute)
                                       and d.func.attr == "create_function" for d in fn.node.decorator_list):
            self._report_non_json_returns(fn.node, "Inngest function")

    def _report_non_json_returns(self, target: ast.AST, what: str) -> None:
        if isinstance(target, ast.Lambda):
            returns = [(target.body, target)]
        else:
            ann = target.returns  # type: ignore[attr-defined]
            ann_name = last_name(ann) if ann is not None else None
            if ann_name in self.NON_JSON_TYPES or (ann_name in self.plain_classes):
                self.report("INN023", ann, f"{what} `{target.name}` is declared to return `{ann_name}`, which "  # type: ignore[attr-defined]
                                           "JSON cannot hold")
                return
            returns = [(n.value, n) for n in walk_shallow(target) if isinstance(n, ast.Return) and n.value is not None]
        for value, at in returns:
            found = self.non_json(value, at)
            if found:
                self.report("INN023", value, f"{what} returns {found}, which JSON cannot hold")

    # -- INN025 ---------------------------------------------------------------
    SIGNING_KEY = re.compile(r"^signkey-[a-z]+(-[a-z0-9]+)?-[0-9a-fA-F]{16,}$")
    KEY_ENV_NAMES = frozenset({"INNGEST_SIGNING_KEY", "INNGEST_SIGNING_KEY_FALLBACK", "INNGEST_EVENT_KEY"})

    def rule_inn025_credentials(self, node: ast.AST) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and self.SIGNING_KEY.match(node.value):
            self.report("INN025", node, "a signing key is written in the code")
        elif isinstance(node, ast.Call) and self.is_config(node, "Inngest"):
            for name in ("signing_key", "signing_key_fallback", "event_key"):
                value = self.resolve(kwarg(node, name), node)
                if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value:
                    self.report("INN025", kwarg(node, name), f"`{name}=` is a literal in the code")  # type: ignore[arg-type]
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                key = None
                if isinstance(target, ast.Subscript) and dotted(target.value) in ("os.environ", "environ"):
                    key = target.slice.value if isinstance(target.slice, ast.Constant) else None
                elif isinstance(target, ast.Name):
                    key = target.id
                if key in self.KEY_ENV_NAMES and isinstance(node.value, ast.Constant) \
                        and isinstance(node.value.value, str) and node.value.value:
                    self.report("INN025", node.value, f"`{key}` is given a literal key in the code")
        elif isinstance(node, ast.Call) and last_name(node.func) == "setdefault" \
                and dotted(node.func) in ("os.environ.setdefault", "environ.setdefault") and len(node.args) == 2:
            key, value = node.args
            if isinstance(key, ast.Constant) and key.value in self.KEY_ENV_NAMES \
                    and isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value:
                self.report("INN025", value, f"`{key.value}` is given a literal key in the code")

    # -- INN026 ---------------------------------------------------------------
    def rule_inn026_signature(self, call: ast.Call) -> None:
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return  # *args / **kwargs: cannot tell
        given = {k.arg for k in call.keywords}
        method = self.step_method(call)
        if method in STEP_SIGNATURES:
            positional, names, required, varargs = STEP_SIGNATURES[method]
            label = f"step.{method}"
            if method == "run" and given - names:
                self.report("INN026", call, f"{label} passes {', '.join(f'`{k}=`' for k in sorted(given - names))} "
                                            "to itself, not to the handler: TypeError when the step runs",
                            "`step.run(\"id\", functools.partial(fn, key=value))`")
                return
            unknown = given - names
            if unknown:
                self.report("INN026", call, f"{label} has no parameter {', '.join(f'`{k}`' for k in sorted(unknown))}")
            if not varargs and len(call.args) > len(positional):
                self.report("INN026", call, f"{label} takes {len(positional)} positional argument(s) "
                                            f"({', '.join(positional)}); the rest are keyword-only")
            missing = required - given
            if missing and not (not varargs and len(call.args) > len(positional)):
                self.report("INN026", call, f"{label} is missing {', '.join(f'`{k}=`' for k in sorted(missing))}")
            self._inn026_argument_types(call, method)
            return
        if isinstance(call.func, ast.Attribute) and call.func.attr == "create_function" and self.is_client(call.func.value):
            unknown = given - CREATE_FUNCTION_KWARGS
            if unknown:
                self.report("INN026", call, f"create_function has no parameter {', '.join(f'`{k}`' for k in sorted(unknown))}")
            if call.args:
                self.report("INN026", call, "create_function takes keyword arguments only")
            missing = CREATE_FUNCTION_REQUIRED - given
            if missing:
                self.report("INN026", call, f"create_function is missing {', '.join(f'`{k}=`' for k in sorted(missing))}")
            return
        cls = self.config_class(call)
        if cls:
            fields = CONFIG_FIELDS[cls]
            if call.args:
                self.report("INN026", call, f"inngest.{cls} takes keyword arguments only ({', '.join(fields)})")
                return
            unknown = given - set(fields)
            if unknown:
                self.report("INN026", call, f"inngest.{cls} has no field {', '.join(f'`{k}`' for k in sorted(unknown))}: "
                                            "the SDK drops it without a word")
            missing = {f for f, req in fields.items() if req} - given
            if missing:
                self.report("INN026", call, f"inngest.{cls} is missing {', '.join(f'`{k}=`' for k in sorted(missing))}")

    def _inn026_argument_types(self, call: ast.Call, method: str) -> None:
        """Types the SDK only trips over when the step runs: `invoke(function=)` takes the
        Function object (step_async.py:74 reads `function._opts`), `send_event` takes
        `inngest.Event` objects (it reads their attributes), not dicts."""
        if method == "invoke":
            target = self.resolve(kwarg(call, "function"), call)
            if is_str_value(target):
                self.report("INN026", kwarg(call, "function"), "step.invoke(function=) is given a string; it takes "  # type: ignore[arg-type]
                                                               "the Function object",
                            "`step.invoke(\"id\", function=other_fn)` or `step.invoke_by_id(\"id\", function_id=...)`")
        elif method == "send_event":
            events = self.resolve(arg_or_kw(call, 1, "events"), call)
            items = events.elts if isinstance(events, ast.List | ast.Tuple) else [events]
            if any(isinstance(self.resolve(e, call), ast.Dict) for e in items if e is not None):
                self.report("INN026", call, "step.send_event is given a dict; it takes `inngest.Event(...)`",
                            "`inngest.Event(name=..., data={...})`")

    # -- INN027 ---------------------------------------------------------------
    def rule_inn027_bounds(self, call: ast.Call) -> None:
        if isinstance(call.func, ast.Attribute) and call.func.attr == "create_function":
            count = self.length(kwarg(call, "cancel"), call)
            if count is not None and count > MAX_CANCELLATIONS:
                self.report("INN027", kwarg(call, "cancel"), f"{count} cancellations; the server accepts "  # type: ignore[arg-type]
                                                             f"at most {MAX_CANCELLATIONS}")
            retries = self.number(kwarg(call, "retries"), call)
            if retries is not None and retries > MAX_RETRIES:
                self.report("INN027", kwarg(call, "retries"), f"retries={retries:g}; the server caps retries at "  # type: ignore[arg-type]
                                                              f"{MAX_RETRIES} without a word")
            return
        cls = self.config_class(call)
        if cls == "Debounce":
            found = self.duration(kwarg(call, "period"), call)
            if found and found[0] != "str" and found[1] >= 1000:  # type: ignore[operator]
                ms = found[1]
                if ms > MAX_DEBOUNCE_MS:
                    self.report("INN027", kwarg(call, "period"), "debounce period over 7 days: the server "  # type: ignore[arg-type]
                                                                 "refuses the sync")
        elif cls == "RateLimit":
            found = self.duration(kwarg(call, "period"), call)
            if found and found[0] != "str" and found[1] > MAX_RATE_LIMIT_PERIOD_MS:  # type: ignore[operator]
                self.report("INN027", kwarg(call, "period"), "rate-limit period over 24 hours: the server "  # type: ignore[arg-type]
                                                             "refuses the sync")

    # -- INN028 ---------------------------------------------------------------
    def rule_inn028_cron(self, call: ast.Call) -> None:
        if self.config_class(call) != "TriggerCron":
            return
        value = self.resolve(kwarg(call, "cron"), call)
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            problem = cron_problem(value.value)
            if problem:
                self.report("INN028", kwarg(call, "cron"), f"cron {value.value!r}: {problem}")  # type: ignore[arg-type]

    # -- per Inngest function -------------------------------------------------------
    def inngest_functions(self) -> list[InngestFn]:
        found: dict[int, FuncNode] = {}
        failure_handlers: set[str] = set()
        for node in self.nodes:
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
        nested_defs = {n.name: n for n in self.subtree(fn) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
        closures: list[ast.AST] = []
        module_level: list[FuncNode] = []
        for node in self.subtree(fn):
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
        self.rule_inn022_late_binding(fn.node)
        self.rule_inn023_non_json_results(fn)

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
        return any(self.is_step_call(n) for n in self.subtree(fn))

    def rule_inn004_awaits_outside_steps(self, fn: InngestFn, body_nodes: list[ast.AST]) -> None:
        """Work outside steps re-runs on every request (seed 003 invariant 1 and 9)."""
        nested_defs = {n.name: n for n in self.subtree(fn.node) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
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


# Cron as the server parses it: robfig/cron v3.0.1 `NewParser(Minute | Hour | Dom | Month | Dow)`
# (server v1.44.0 pkg/inngest/trigger.go:211-216): exactly five fields, no `@daily`-style
# descriptors (the Descriptor option is not set), an optional `TZ=`/`CRON_TZ=` prefix.
CRON_FIELDS = (  # (name, min, max, names) from robfig/cron v3.0.1 spec.go:23-48
    ("minute", 0, 59, None),
    ("hour", 0, 23, None),
    ("day of month", 1, 31, None),
    ("month", 1, 12, {m: i + 1 for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}),
    ("day of week", 0, 6, {d: i for i, d in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}),
)


def cron_problem(spec: str) -> str | None:
    """Why the server's cron parser refuses `spec`, or None (parser.go:88-121, 252-318)."""
    if not spec:
        return "empty"
    if spec.startswith(("TZ=", "CRON_TZ=")):
        head, _, rest = spec.partition(" ")
        zone = head.split("=", 1)[1]
        try:
            import zoneinfo

            zoneinfo.ZoneInfo(zone)
        except Exception:
            return f"unknown time zone {zone!r}"
        spec = rest.strip()
    if spec.startswith("@"):
        return "the server's cron parser takes no `@` descriptors; write five fields"
    fields = spec.split()
    if len(fields) != 5:
        return f"{len(fields)} fields; the server expects exactly 5 (minute hour day-of-month month day-of-week)"
    for text, (name, low, high, names) in zip(fields, CRON_FIELDS, strict=True):
        for part in text.split(","):
            problem = _cron_range(part, low, high, names)
            if problem:
                return f"{name} field {text!r}: {problem}"
    return None


def _cron_range(expr: str, low: int, high: int, names: dict[str, int] | None) -> str | None:
    def value(text: str) -> int | None:
        if names and text.lower() in names:
            return names[text.lower()]
        return int(text) if text.isdigit() else None

    range_step = expr.split("/")
    if len(range_step) > 2:
        return "too many slashes"
    bounds = range_step[0].split("-")
    if bounds[0] in ("*", "?"):
        start, end = low, high
    else:
        if len(bounds) > 2:
            return "too many hyphens"
        start = value(bounds[0])
        end = value(bounds[1]) if len(bounds) == 2 else start
        if start is None or end is None:
            return f"{range_step[0]!r} is not a number or name"
        if len(range_step) == 2 and len(bounds) == 1:
            end = high
    if len(range_step) == 2:
        step = value(range_step[1]) if range_step[1].isdigit() else None
        if not step:
            return "the step must be a positive number"
    if start < low:
        return f"{start} is below the minimum {low}"
    if end > high:
        return f"{end} is above the maximum {high}"
    if start > end:
        return f"range {start}-{end} runs backwards"
    return None


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
    quiet = suppressions(source) if "inngest-lint" in source else {}
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
