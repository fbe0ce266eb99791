"""The main job: run every example against the real Inngest server and report
pattern by pattern.

    python -m checks.validate [--workers N] [--examples NAME ...] [--json reports/validation.json]

It runs the examples' integration tests (the same tests CI runs) under pytest,
shows progress, then lists every failure first (test id, the assertion's first
lines, the command that reruns just it) and prints one row per documented
pattern: the example, the pattern, its tests, the result and how long they took.

Exit status: 0 exactly when every selected pattern passed (every case of a
parametrized test counts); 1 when any failed or did not run; 2 when the server
cannot be built. Only a full run writes the JSON the docs site shows;
`--examples` runs are partial and write reports/partial-run.json beside it.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import metadata
from pathlib import Path

import pytest
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from inngest_kit import server as inngest_server

from . import catalog
from .report import PARTIAL_NAME, PatternReport

REPO = catalog.REPO


class _Progress:
    """Advances a rich progress bar as test reports arrive (also from xdist workers)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = None

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.task = self.progress.add_task("examples", total=len(session.items))

    def pytest_xdist_node_collection_finished(self, node, ids) -> None:  # noqa: ANN001 (xdist hook)
        if self.task is None:
            self.task = self.progress.add_task("examples", total=len(ids))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "teardown" and self.task is not None:
            self.progress.update(self.task, advance=1, description=report.nodeid.split("::")[-1][:60])


def run(workers: int, json_path: Path, console: Console, only: list[str] | None = None) -> int:
    examples = catalog.all_examples()
    if only:
        unknown = sorted(set(only) - {e.name for e in examples})
        if unknown:
            console.print(f"[red]No such example(s):[/red] {', '.join(unknown)}")
            return 2
        examples = [e for e in examples if e.name in only]
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
        "-o", "addopts=", "-p", "checks.pytest_pack", "-p", "no:terminal", "-p", "no:cacheprovider",
    ]
    if workers > 1:
        args += ["-n", str(workers)]
    report = PatternReport(json_path, only=only)
    with Progress(
        TextColumn("[progress.description]{task.description:<60}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        exit_code = pytest.main(args, plugins=[_Progress(progress), report])
    written = json_path if not only else json_path.with_name(PARTIAL_NAME)
    data = json.loads(written.read_text()) if written.exists() else {"patterns": report.rows(), "test_counts": {}}
    rows = data["patterns"]
    failures = data.get("failures", [])
    if failures:
        console.print(f"[bold red]{len(failures)} failed test(s)[/bold red]")
        for f in failures:
            console.print(f"[red]FAILED[/red] {f['test']}")
            for line in (f.get("failure") or "(no message)").splitlines():
                console.print(f"    {line}", markup=False, highlight=False)
            console.print(f"    rerun: .venv/bin/python -m pytest '{f['test']}'", markup=False, highlight=False)

    table = Table(title="Patterns validated against the real Inngest server")
    for col in ("example", "pattern", "tests", "result", "seconds"):
        table.add_column(col, justify="right" if col in ("tests", "seconds") else "left")
    colour = {"passed": "green", "failed": "red"}
    # Failed patterns first: they are what the reader must act on.
    for r in sorted(rows, key=lambda r: r["result"] == "passed"):
        table.add_row(
            r["example"], r["title"], str(len(r["tests"])),
            f"[{colour.get(r['result'], 'yellow')}]{r['result']}[/]", f"{r['seconds']:.1f}",
        )
    console.print(table)
    counts = data.get("test_counts", {})
    ok = exit_code == 0 and all(r["result"] == "passed" for r in rows)
    console.print(
        f"{len(rows)} patterns, {sum(r['result'] == 'passed' for r in rows)} passed; "
        f"{counts.get('passed', 0)} tests passed, {counts.get('failed', 0)} failed, {counts.get('skipped', 0)} skipped; "
        f"wall time {data.get('wall_seconds')} s with {workers} worker(s)"
    )
    not_passed = [r for r in rows if r["result"] != "passed"]
    for r in not_passed:
        console.print(f"pattern {r['example']}/{r['pattern']}: {r['result']}", markup=False, highlight=False)
    console.print(f"report: {written.relative_to(REPO) if written.is_relative_to(REPO) else written}")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=4, help="parallel pytest workers, each with its own server")
    parser.add_argument("--json", type=Path, default=REPO / "reports" / "validation.json")
    parser.add_argument("--examples", nargs="+", metavar="NAME", help="only these examples (a partial run)")
    args = parser.parse_args(argv)
    return run(args.workers, args.json.resolve(), Console(), args.examples)


if __name__ == "__main__":
    sys.exit(main())
