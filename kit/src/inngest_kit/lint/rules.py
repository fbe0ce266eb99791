"""The linter's rules: what each catches, why it fails, the fix, and who decides.

`decided_by` says where the verdict comes from:
  static  the AST of the file (no import, no server)
  cel     a real CEL parser (cel-python) over the expression text
  sdk     the SDK's own models: the module is imported and every function's
          config is built and serialised as a sync does (`inngest-lint --sdk`, the default)
  server  a throwaway real Inngest server: the app is served and synced, and the
          server's registration verdict is read back (`inngest-lint --server`)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    catches: str
    why: str
    fix: str
    decided_by: str = "static"


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
    Rule("INN020",
         "a match or key expression (`if_exp`, `TriggerEvent(expression=)`, a flow-control `key`, "
         "`Priority(run=)`, `idempotency`) that does not parse as CEL, written out or held in a constant",
         "the server compiles it with CEL: a sync with a broken cancel/debounce/rate-limit/priority "
         "expression is refused (HTTP 200, status 400 in the body, no function registered); a broken "
         "`wait_for_event` match fails the run at the wait ('InvalidExpression')",
         "fix the syntax: `==` not `=`, `&&`/`||` not `and`/`or`, quote strings",
         "cel"),
    Rule("INN021",
         "an expression that references a name other than `event` and `async` (e.g. `evt.data.id`, "
         "`data.id`, `ctx.event...`)",
         "the server declares only `event` and `async` in its CEL environment; any other name fails "
         "to compile ('undeclared reference'), so the sync is refused or the wait fails the run",
         "start every path with `event.` (the triggering event) or `async.` (the awaited event)",
         "cel"),
    Rule("INN022",
         "a lambda or nested function defined in a loop or comprehension that runs steps and uses the "
         "loop variable without binding it (typical: callables collected for `ctx.group.parallel`)",
         "Python closures bind names late: every callable sees the loop variable's last value, so "
         "all parallel steps work on the last item (and collide on one step id)",
         "bind it when the callable is made: `lambda item=item: ...` or `functools.partial(fn, item)`"),
    Rule("INN023",
         "a step handler or Inngest function that returns a value JSON cannot hold (`datetime`, `date`, "
         "`set`, `bytes`, `Decimal`, `UUID`, a class instance) without `output_type=`",
         "step results and function results are sent to the server as JSON: the SDK fails to encode "
         "the response and the step or run fails",
         "return JSON types (`value.isoformat()`, `list(...)`, `str(...)`, a dict), or give `output_type=` "
         "with a `PydanticSerializer` client"),
    Rule("INN024",
         "a duration under one second or not a whole number of seconds where the SDK writes it as a "
         "duration string: Batch/Cancel/Debounce/RateLimit/Throttle/Timeouts fields and "
         "`wait_for_event`/`invoke` timeouts, including `timedelta(milliseconds=...)` and values held in "
         "constants or variables",
         "the SDK refuses to serialise it ('duration must be at least 1 second' / 'a whole number of "
         "seconds'): a config value fails every sync of the app, a step timeout fails the run",
         "use whole seconds of at least 1 s: `datetime.timedelta(seconds=1)`"),
    Rule("INN025",
         "an Inngest signing key or event key written in code: a `signkey-...` literal, a literal "
         "`signing_key=`/`event_key=` of `inngest.Inngest(...)`, or one assigned to `INNGEST_SIGNING_KEY`",
         "the signing key authenticates the server to the app: whoever reads the source can sign "
         "requests the app accepts and run its functions; an event key lets them send events",
         "read keys from the environment (`INNGEST_SIGNING_KEY`, `INNGEST_EVENT_KEY`) that the SDK "
         "reads by itself; keep them in a secret store"),
    Rule("INN026",
         "a call that does not fit the SDK's signature: an unknown or missing keyword or extra "
         "positional arguments to a step method, `create_function` or a config class "
         "(`Concurrency`, `Throttle`, `TriggerEvent`, ...); arguments meant for the handler given to "
         "`step.run` as keywords",
         "the SDK raises TypeError or FunctionConfigInvalidError when the line runs (at import for "
         "configs, mid-run for steps), and silently drops an unknown keyword of a config class",
         "use the SDK's names: `inngest.TriggerEvent(event=...)`, `step.wait_for_event(\"id\", event=..., "
         "timeout=...)`, `step.run(\"id\", fn, *args)` (`functools.partial` for keywords)"),
    Rule("INN027",
         "configuration outside a bound the server enforces: more than 5 cancellations, a debounce "
         "period outside 1 s to 7 days, a rate-limit period over 24 h, `retries` above 20 (values "
         "written out or held in constants); `inngest-lint --server` asks the server itself",
         "the server refuses the sync (every function of the app stays unregistered) or, for retries, "
         "silently caps them at 20",
         "stay inside the bound (sources: server v1.44.0 pkg/consts/consts.go:71,81-85,97,140)"),
    Rule("INN028",
         "a cron trigger the server's cron parser refuses (wrong field count, value out of range, "
         "unknown name)",
         "the server refuses the sync: no function of the app is registered",
         "five fields `minute hour day-of-month month day-of-week` (`TZ=Europe/Paris 0 9 * * 1-5`), "
         "or `@hourly`/`@daily`/`@every 5m`"),
    Rule("INN100",
         "a module that fails when the SDK loads it: the import raises (SyntaxError, ImportError, "
         "TypeError) or a function's config is refused by the SDK's models at decoration "
         "(FunctionConfigInvalidError)",
         "the app cannot start, so none of its functions is served",
         "the message names the failing call; fix it, then lint again",
         "sdk"),
    Rule("INN101",
         "a function config the SDK builds but cannot serialise for a sync (the same `get_config` and "
         "JSON dump the serve endpoint does)",
         "every sync of the app fails in the SDK before it reaches the server",
         "the message names the field; use the types and units the SDK expects",
         "sdk"),
    Rule("INN110",
         "an app the real server refuses to register (`inngest-lint --server`: the app is served and "
         "synced against a throwaway dev server; the sync may answer HTTP 200 with the error in its body)",
         "no function of the app is registered, so no event runs anything",
         "the message is the server's own; fix the named function",
         "server"),
    Rule("INN111",
         "a config value the server registered differently than the app sent it (`inngest-lint --server`), "
         "e.g. retries above the cap",
         "the function does not behave as written: the server silently changed the value",
         "write the value the server keeps",
         "server"),
)}

ALL_RULE_IDS = tuple(RULES)
