"""The app `server_check` serves in a child process: `python -m uvicorn inngest_kit.lint.serve:app`.

The target comes from the environment (INNGEST_LINT_TARGET): `package.module:attr` (an
ASGI app that already serves Inngest) or a path to a .py file whose module holds an
Inngest client and functions (served here with `inngest.fast_api.serve`). Loading `app`
also writes INNGEST_LINT_MANIFEST: the app id and, for every function, its id, file, line
and the config the SDK will send.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path

from ..check import functions_in, sent_config
from .sdk import module_name_for

TARGET_VARIABLE = "INNGEST_LINT_TARGET"
MANIFEST_VARIABLE = "INNGEST_LINT_MANIFEST"


def load_target(target: str):
    """(module, asgi app or None)."""
    file_part, _, file_attr = target.partition(":")
    if file_part.endswith(".py") or Path(file_part).is_file():
        path = Path(file_part).resolve()
        name, root = module_name_for(path)
        sys.path.insert(0, str(root))
        module = importlib.import_module(name)
        return module, getattr(module, file_attr) if file_attr else None
    module_name, _, attr = target.partition(":")
    sys.path.insert(0, ".")
    module = importlib.import_module(module_name)
    return module, getattr(module, attr or "app")


def build_app(target: str, manifest: str):
    import inngest

    module, app = load_target(target)
    functions = functions_in(module)
    clients = [v for v in vars(module).values() if isinstance(v, inngest.Inngest)]
    if app is None:
        import fastapi
        import inngest.fast_api

        if len(clients) != 1 or not functions:
            raise SystemExit(f"{target}: expected one Inngest client and its functions at module level")
        app = fastapi.FastAPI()
        inngest.fast_api.serve(app, clients[0], functions)
    entries = []
    for fn in functions:
        code = getattr(fn._handler, "__code__", None)
        entries.append({"id": fn.id, "local_id": fn.local_id, "file": code.co_filename if code else target,
                        "line": code.co_firstlineno if code else 1, "sent": sent_config(fn)})
    app_id = clients[0].app_id if clients else None
    Path(manifest).write_text(json.dumps({"app_id": app_id, "functions": entries}))
    return app


def __getattr__(name: str):
    # Built when uvicorn asks for it, so importing this module has no side effect.
    if name == "app":
        return build_app(os.environ[TARGET_VARIABLE], os.environ[MANIFEST_VARIABLE])
    raise AttributeError(name)
