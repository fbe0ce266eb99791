"""The main job: run every example against the real Inngest server and report
pattern by pattern.

    python -m harness.validate [--workers N] [--json reports/validation.json]

It runs the examples' integration tests (the same tests CI runs) under pytest,
shows progress, then prints one row per documented pattern: the example, the
pattern, its tests, the result and how long they took. The JSON report feeds
the docs site's validation page. Exit status: 0 when every pattern passed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import sys
import time
from collections import defaultdict
from importlib import metadata
from pathlib import Path

import pytest
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from scripts import inngest_server

from . import catalog

REPO = catalog.REPO


class _Collector:
    """A pytest plugin that records each test's outcome and duration (xdist-safe:
    reports reach the controller process through pytest_runtest_logreport)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = None
        self.results: dict[str, dict] = {}

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.task = self.progress.add_task("examples", total=len(session.items))

    def pytest_xdist_node_collection_finished(self, node, ids) -> None:  # noqa: ANN001 (xdist hook)
        if self.task is None:
            self.task = self.progress.add_task("examples", total=len(ids))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        entry = self.results.setdefault(report.nodeid, {"outcome": "passed", "duration": 0.0})
        entry["duration"] += report.duration
        if report.failed:
            entry["outcome"] = "failed"
        elif report.skipped and entry["outcome"] == "passed":
            entry["outcome"] = "skipped"
        if report.when == "teardown" and self.task is not None:
            self.progress.update(self.task, advance=1, description=report.nodeid.split("::")[-1][:60])


def run(workers: int, json_path: Path, console: Console) -> int:
    examples = catalog.all_examples()
    console.print("[bold]Building or reusing the Inngest server[/bold]")
    try:
        inngest_server.build()
    except inngest_server.BuildError as exc:
        console.print(f"[red]Cannot build the Inngest server:[/red] {exc}")
        return 2
    record = inngest_server.read_record() or {}
    console.print(f"Inngest server {record.get('tag')} (go {record.get('go')}), SDK inngest {metadata.version('inngest')}")

    # Our own progress replaces pytest's terminal output; addopts is reset so that
    # no terminal-only option (-ra) is left without its plugin.
    args = [e.test_module for e in examples] + [
        "-o", "addopts=", "-p", "harness.pytest_plugin", "-p", "no:terminal", "-p", "no:cacheprovider",
    ]
    if workers > 1:
        args += ["-n", str(workers)]
    started = time.monotonic()
    with Progress(
        TextColumn("[progress.description]{task.description:<60}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        collector = _Collector(progress)
        exit_code = pytest.main(args, plugins=[collector])
    wall = time.monotonic() - started

    rows = []
    for ex in examples:
        for pat in ex.patterns:
            outcomes = [collector.results.get(ex.test_nodeid(t), {"outcome": "not run", "duration": 0.0}) for t in pat.tests]
            if all(o["outcome"] == "passed" for o in outcomes):
                result = "passed"
            elif any(o["outcome"] == "failed" for o in outcomes):
                result = "failed"
            else:
                result = "incomplete"
            rows.append(
                {
                    "example": ex.name,
                    "pattern": pat.id,
                    "title": pat.title,
                    "tests": [ex.test_nodeid(t) for t in pat.tests],
                    "result": result,
                    "seconds": round(sum(o["duration"] for o in outcomes), 2),
                }
            )

    table = Table(title="Patterns validated against the real Inngest server")
    for col in ("example", "pattern", "tests", "result", "seconds"):
        table.add_column(col, justify="right" if col in ("tests", "seconds") else "left")
    colour = {"passed": "green", "failed": "red"}
    for r in rows:
        table.add_row(
            r["example"], r["title"], str(len(r["tests"])),
            f"[{colour.get(r['result'], 'yellow')}]{r['result']}[/]", f"{r['seconds']:.1f}",
        )
    console.print(table)

    counts = defaultdict(int)
    for r in collector.results.values():
        counts[r["outcome"]] += 1
    ok = exit_code == 0 and all(r["result"] == "passed" for r in rows)
    console.print(
        f"{len(rows)} patterns, {sum(r['result'] == 'passed' for r in rows)} passed; "
        f"{counts['passed']} tests passed, {counts['failed']} failed, {counts['skipped']} skipped; "
        f"wall time {wall:.1f} s with {workers} worker(s)"
    )

    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(
        json.dumps(
            {
                "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "server": record,
                "sdk": {"inngest": metadata.version("inngest")},
                "python": platform.python_version(),
                "wall_seconds": round(wall, 1),
                "workers": workers,
                "tests": collector.results,
                "patterns": rows,
                "ok": ok,
            },
            indent=2,
        )
        + "\n"
    )
    console.print(f"report: {json_path.relative_to(REPO) if json_path.is_relative_to(REPO) else json_path}")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=4, help="parallel pytest workers, each with its own server")
    parser.add_argument("--json", type=Path, default=REPO / "reports" / "validation.json")
    args = parser.parse_args(argv)
    return run(args.workers, args.json.resolve(), Console())


if __name__ == "__main__":
    sys.exit(main())
