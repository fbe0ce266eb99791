"""The requests that trigger an example, derived from its FastAPI app (routes and pydantic models).

FastAPI already knows what each endpoint accepts: `app.openapi()` has every route, its path
parameters and its request body's JSON schema (from the pydantic model, with `Field(gt=0)`,
`Literal[...]`, nested models and lists). `requests_for(app)` builds, for each route, the smallest
request that schema accepts: required fields only, each given a value that meets its type and
bounds. The example pages show them as copyable `curl` commands; tests/docs/test_trigger_requests.py
sends every one to its app and fails on a rejected (4xx) one, so a page cannot show a request
its endpoint refuses.

Importing every example takes seconds, so the site build asks a subprocess
(`python -m checks.triggers NAME...`) and caches the answer per example, keyed by the example's
files and this module (in the kit's cache folder).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
HIDDEN_PATHS = {"/api/inngest", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
BASE_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class Trigger:
    method: str  # "POST"
    path: str  # with its path parameters filled in
    body: Any  # JSON body, or None
    summary: str  # the endpoint's function name, as FastAPI reports it
    route: str  # the path as declared, "/expenses/{expense_id}/decision"

    def curl(self, base_url: str = BASE_URL) -> str:
        cmd = ["curl", "-X", self.method, f"{base_url}{self.path}"]
        if self.body is not None:
            cmd += ["-H", "Content-Type: application/json", "-d", json.dumps(self.body)]
        return " ".join(shlex.quote(part) if i else part for i, part in enumerate(cmd))


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _string(name: str, schema: dict) -> str:
    fmt = schema.get("format", "")
    if fmt == "date-time":
        return "2026-01-01T09:00:00Z"
    if fmt == "date":
        return "2026-01-01"
    if fmt == "email" or "email" in name:
        return "ana@example.com"
    if fmt in ("uri", "url") or name.endswith("url"):
        return "https://example.com/"
    if fmt == "uuid":
        return "00000000-0000-4000-8000-000000000001"
    stem = name.removesuffix("_id") or "value"
    text = f"{stem.replace('_', '-')}-1"
    min_len, max_len = schema.get("minLength", 0), schema.get("maxLength")
    text = text.ljust(min_len, "x")
    text = text[:max_len] if max_len else text
    pattern = schema.get("pattern")
    if pattern:
        # A few plain variants of the same value; a pattern none of them fits needs `examples=[...]` on the
        # field, which FastAPI's own docs show too (and the test that sends every request says so).
        candidates = [text, text.upper(), text.replace("-", "_"), text.replace("-", ""), text.upper().replace("-", ""),
                      "1", "A", "a", stem]
        fitting = [c for c in candidates if re.search(pattern, c)]
        if not fitting:
            raise ValueError(f"no sample value for {name!r} fits its pattern {pattern!r}: give the field examples=[...]")
        text = fitting[0]
    return text


def _number(schema: dict, integer: bool) -> int | float:
    low = schema.get("minimum")
    if low is None and "exclusiveMinimum" in schema:
        low = schema["exclusiveMinimum"] + (1 if integer else 0.5)
    high = schema.get("maximum")
    if high is None and "exclusiveMaximum" in schema:
        high = schema["exclusiveMaximum"] - (1 if integer else 0.5)
    value = 1 if integer else 10.0
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    return int(value) if integer else value


def sample(schema: dict, components: dict, name: str = "value") -> Any:
    """A value that `schema` accepts: its example or default when it has one, else built from its type."""
    schema = _resolve(schema, components)
    for key in ("const", "example"):
        if key in schema:
            return schema[key]
    if schema.get("examples"):
        return schema["examples"][0]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if _resolve(o, components).get("type") != "null"]
            return sample(options[0] if options else schema[key][0], components, name)
    if "allOf" in schema:
        return sample(schema["allOf"][0], components, name)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {key: sample(props[key], components, key) for key in schema.get("required", [])}
    if kind == "array":
        item = sample(schema.get("items", {}), components, name.removesuffix("s"))
        return [item] * max(1, schema.get("minItems", 1))
    if kind == "integer":
        return _number(schema, integer=True)
    if kind == "number":
        return _number(schema, integer=False)
    if kind == "boolean":
        return True
    if kind == "string":
        return _string(name, schema)
    return schema.get("default")


def requests_for(app) -> list[Trigger]:
    """One request per route of a FastAPI app (the Inngest serve route and the docs routes left out)."""
    spec = app.openapi()
    components = spec.get("components", {}).get("schemas", {})
    found = []
    for path, operations in spec.get("paths", {}).items():
        if path in HIDDEN_PATHS:
            continue
        for method, op in operations.items():
            filled = path
            for param in op.get("parameters", []):
                value = sample(param.get("schema", {}), components, param["name"])
                if param.get("in") == "path":
                    filled = filled.replace("{" + param["name"] + "}", str(value))
                elif param.get("in") == "query" and param.get("required"):
                    filled += ("&" if "?" in filled else "?") + f"{param['name']}={value}"
            body = None
            content = (op.get("requestBody") or {}).get("content", {})
            if "application/json" in content:
                body = sample(content["application/json"].get("schema", {}), components, "body")
            found.append(Trigger(method.upper(), filled, body, op.get("summary", ""), path))
    return found


@dataclass(frozen=True)
class FunctionTrigger:
    function: str  # the function's id
    events: tuple[str, ...]
    crons: tuple[str, ...]


def function_triggers(functions) -> list[FunctionTrigger]:
    """What starts each Inngest function, as the SDK registers it (event names, cron schedules)."""
    out = []
    for fn in functions:
        main = fn.get_config("http://127.0.0.1:8000/api/inngest").main
        events = tuple(t.event for t in main.triggers if getattr(t, "event", None))
        crons = tuple(t.cron for t in main.triggers if getattr(t, "cron", None))
        out.append(FunctionTrigger(fn.id, events, crons))
    return out


def example_requests(name: str) -> list[Trigger]:
    """Import examples.<name>.main and read its app (needs INNGEST_DEV, as any import of an example)."""
    module = importlib.import_module(f"examples.{name}.main")
    return requests_for(module.app)


def describe(name: str) -> dict:
    module = importlib.import_module(f"examples.{name}.main")
    return {"requests": [asdict(t) for t in requests_for(module.app)],
            "functions": [asdict(f) for f in function_triggers(module.functions)]}


# -- for the site: in a subprocess, cached ----------------------------------------------


def _cache_key(name: str) -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted((REPO / "examples" / name).rglob("*.py")):
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:24]


def _cache_dir() -> Path:
    from inngest_kit.server import cache_root

    return cache_root() / "site-triggers"


@dataclass(frozen=True)
class ExampleTriggers:
    requests: list[Trigger]
    functions: list[FunctionTrigger]

    @classmethod
    def from_json(cls, data: dict) -> ExampleTriggers:
        return cls([Trigger(**t) for t in data["requests"]],
                   [FunctionTrigger(f["function"], tuple(f["events"]), tuple(f["crons"])) for f in data["functions"]])


def triggers(names: list[str]) -> dict[str, ExampleTriggers]:
    """Each example's trigger requests and function triggers, from the cache or one subprocess for the rest."""
    out: dict[str, ExampleTriggers] = {}
    missing = []
    for name in names:
        cached = _cache_dir() / f"{name}-{_cache_key(name)}.json"
        if cached.is_file():
            out[name] = ExampleTriggers.from_json(json.loads(cached.read_text()))
        else:
            missing.append(name)
    if missing:
        env = {**os.environ, "INNGEST_DEV": "1"}  # dev mode: an example's client needs no signing key to import
        proc = subprocess.run([sys.executable, "-m", "checks.triggers", *missing], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"checks.triggers failed:\n{proc.stderr[-2000:]}")
        computed = json.loads(proc.stdout)
        _cache_dir().mkdir(parents=True, exist_ok=True)
        for name, found in computed.items():
            (_cache_dir() / f"{name}-{_cache_key(name)}.json").write_text(json.dumps(found))
            out[name] = ExampleTriggers.from_json(found)
    return out


def main(argv: list[str] | None = None) -> int:
    names = list(sys.argv[1:] if argv is None else argv)
    print(json.dumps({name: describe(name) for name in names}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
