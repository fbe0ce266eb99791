"""Child process of `server_check`: serve one app on a loopback port for a sync.

  python -m inngest_kit.lint.serve TARGET PORT MANIFEST

TARGET is `package.module:attr` (an ASGI app that already serves Inngest) or a path to
a .py file whose module holds an Inngest client and functions (served here with
`inngest.fast_api.serve`). Before serving, the child writes MANIFEST: the app id and,
for every function, its id, file, line and the config the SDK will send.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from .sdk import SYNC_URL, functions_in, module_name_for


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


def main(target: str, port: int, manifest: str) -> None:
    import inngest
    import uvicorn

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
        try:
            sent = fn.get_config(SYNC_URL).main.to_dict()
        except Exception:
            sent = None
        entries.append({"id": fn.id, "local_id": fn.local_id, "file": code.co_filename if code else target,
                        "line": code.co_firstlineno if code else 1, "sent": sent if isinstance(sent, dict) else None})
    app_id = clients[0].app_id if clients else None
    Path(manifest).write_text(json.dumps({"app_id": app_id, "functions": entries}))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
