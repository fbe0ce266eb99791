"""Grade one project on one task against a real Inngest server.

    python -m evals.grade TASK PROJECT_DIR [--server URL] [--json FILE]
    python -m evals.grade TASK --solution reference     # a task's own reference or trap

Prints one line per check and `N passed, M failed`; exits 0 only when every check passed.
Without --server it starts a dev server of its own (and stops it afterwards).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .grading.framework import CheckResult, Task, grade_project
from .grading.kit import DevServer, InngestAPI, build

# A server shared by several graders on a busy machine can take many seconds to answer a query.
HTTP_TIMEOUT_S = 60.0
SERVERS: list[DevServer] = []  # the dev servers started here, for a signal handler to stop


@contextlib.contextmanager
def dev_server(url: str | None) -> Iterator[InngestAPI]:
    """An API on the given server, or on a fresh dev server with the fast test settings."""
    if url:
        api = InngestAPI(url, timeout_s=HTTP_TIMEOUT_S)
        try:
            yield api
        finally:
            api.close()
        return
    server = DevServer(build())
    SERVERS.append(server)
    server.start()
    api = InngestAPI(server.url, timeout_s=HTTP_TIMEOUT_S)
    try:
        yield api
    finally:
        api.close()
        server.stop()


def grading_json(results: list[CheckResult], seconds: float) -> dict:
    """grading.json as the agentskills.io eval layout has it."""
    passed = sum(r.passed for r in results)
    return {
        "assertion_results": [{"text": r.name, "passed": r.passed, "evidence": r.evidence} for r in results],
        "summary": {"passed": passed, "failed": len(results) - passed, "total": len(results),
                    "pass_rate": round(passed / len(results), 4) if results else 0.0},
        "grader_seconds": round(seconds, 2),
    }


def grade(task: Task, project: Path, api: InngestAPI, out=print) -> dict:
    began = time.monotonic()
    results = grade_project(task, project, api, out=out)
    return grading_json(results, time.monotonic() - began)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("task")
    parser.add_argument("project", nargs="?", type=Path)
    parser.add_argument("--solution", help="grade the task's own solution (reference or a trap name)")
    parser.add_argument("--server", help="URL of a running dev server (default: start one)")
    parser.add_argument("--json", type=Path, help="also write grading.json here")
    args = parser.parse_args(argv)
    task = Task.load(args.task)
    with tempfile.TemporaryDirectory(prefix="eval-solution-") as tmp:
        project = args.project or task.materialize(Path(tmp) / "project", args.solution or "reference")
        with dev_server(args.server) as api:
            report = grade(task, project, api)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0 if report["summary"]["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
