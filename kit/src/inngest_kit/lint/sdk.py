"""The SDK decides: import each module and build every function's config as a sync does.

What the SDK refuses only when the code runs is reported here before anything runs:
a module that fails to import (a config model refusing a value at decoration, a
wrong import, a handler the compiler rejects) is INN100; a function whose config
the SDK cannot serialise for a sync (`Function.get_config` + the JSON dump the serve
endpoint does, comm_lib/handler.py:845-858 and types.py:78-82) is INN101.

The imports run in a child interpreter (`python -m inngest_kit.lint.sdk FILE...`), so
the user's module-level code cannot disturb the linter; the child prints JSON.
A module that needs a package this interpreter lacks (not `inngest`) is skipped
with a note: that is the environment's gap, not the code's mistake.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import traceback
from dataclasses import asdict
from pathlib import Path

from ..check import SYNC_URL, functions_in
from .rules import Finding


def module_name_for(path: Path) -> tuple[str, Path]:
    """(dotted module name, sys.path root) for a file, walking up through packages."""
    path = path.resolve()
    parts = [path.stem]
    folder = path.parent
    while (folder / "__init__.py").is_file():
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts), folder


def _line_in(path: Path, tb) -> int:
    line = 1
    for frame, lineno in traceback.walk_tb(tb):
        if Path(frame.f_code.co_filename).resolve() == path:
            line = lineno
    return line


def _describe(err: BaseException) -> str:
    text = str(err).strip().replace("\n", " ")
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def check_file(path: Path) -> tuple[list[Finding], str | None]:
    """Findings for one file, and a note when it could not be checked."""
    path = path.resolve()
    name, root = module_name_for(path)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    try:
        module = importlib.import_module(name)
    except SyntaxError as err:
        if err.filename and Path(err.filename).resolve() != path:
            return [], f"{path}: not checked: {_describe(err)}"
        return [Finding(str(path), err.lineno or 1, err.offset or 1, "INN100",
                        f"the module does not compile: {err.msg}", "fix the syntax")], None
    except ModuleNotFoundError as err:
        missing = (err.name or "").split(".")[0]
        if missing != "inngest" and not _is_local(missing, root):
            return [], f"{path}: not checked: needs `{missing}`, which this interpreter lacks"
        return [Finding(str(path), _line_in(path, err.__traceback__), 1, "INN100",
                        f"importing the module fails: {_describe(err)}", "import from the SDK's public modules")], None
    except BaseException as err:  # the user's module-level code: anything can happen
        return [Finding(str(path), _line_in(path, err.__traceback__), 1, "INN100",
                        f"importing the module fails: {_describe(err)}", "fix the call the message names")], None
    findings = []
    for fn in functions_in(module):
        handler = fn._handler
        code = getattr(handler, "__code__", None)
        if code is None or Path(code.co_filename).resolve() != path:
            continue  # defined in another file: reported there
        try:
            config = fn.get_config(SYNC_URL)
            for part in (config.main, config.on_failure):
                if part is None:
                    continue
                dumped = part.to_dict()
                if isinstance(dumped, Exception):
                    raise dumped
        except Exception as err:
            cause = err.__cause__ or err
            findings.append(Finding(str(path), code.co_firstlineno, 1, "INN101",
                                    f"function `{fn.local_id}`: the SDK cannot serialise its config for a sync: "
                                    f"{_describe(cause)}", "fix the field the message names"))
    return findings, None


def _is_local(top: str, root: Path) -> bool:
    return (root / top).is_dir() or (root / f"{top}.py").is_file()


def _share_ssl_contexts() -> None:
    """Every `inngest.Inngest(...)` builds two httpx clients, each loading the CA bundle
    (0.2 s apiece): 60 modules would take 25 s. The child never connects, so one shared
    context per set of arguments is enough."""
    try:
        import httpx._config as httpx_config
    except ImportError:
        return
    original = httpx_config.create_ssl_context
    made: dict = {}

    def shared(*args, **kwargs):
        key = repr((args, sorted(kwargs.items())))
        if key not in made:
            made[key] = original(*args, **kwargs)
        return made[key]

    httpx_config.create_ssl_context = shared
    import httpx._client as httpx_client
    import httpx._transports.default as httpx_transport

    for module in (httpx_client, httpx_transport):
        if getattr(module, "create_ssl_context", None) is original:
            module.create_ssl_context = shared


def _child(paths: list[str]) -> int:
    os.environ.setdefault("INNGEST_DEV", "1")  # a module that builds a client must not need keys
    _share_ssl_contexts()
    # The project root the linter runs from, as `python -m` would put it: modules that import
    # their siblings through the project's top-level packages resolve as they do in the app.
    sys.path.insert(0, os.getcwd())
    findings: list[Finding] = []
    notes: list[str] = []
    for p in paths:
        got, note = check_file(Path(p))
        findings += got
        if note:
            notes.append(note)
    json.dump({"findings": [asdict(f) for f in findings], "notes": notes}, sys.stdout)
    sys.stdout.flush()
    os._exit(0)  # do not wait for threads the user's modules started


def sdk_check(paths: list[str], timeout_s: float = 120.0) -> tuple[list[Finding], list[str]]:
    """Run the SDK check on files in a child interpreter; (findings, notes)."""
    if not paths:
        return [], []
    kit_root = str(Path(__file__).resolve().parents[2])  # the folder holding inngest_kit
    pythonpath = os.pathsep.join(p for p in (kit_root, os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": pythonpath, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([sys.executable, "-m", "inngest_kit.lint.sdk", *paths], capture_output=True, text=True,
                          timeout=timeout_s, stdin=subprocess.DEVNULL, env=env)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return [], [f"SDK check did not finish (exit {proc.returncode}): {' | '.join(tail)}"]
    return [Finding(**f) for f in data["findings"]], data["notes"]


if __name__ == "__main__":
    _child(sys.argv[1:])
