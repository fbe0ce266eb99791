"""CI for the evals without an agent (`make eval-selftest`).

Against one shared dev server it checks that
  * every grader passes its task's reference solution, every check, N runs in a row;
  * every trap solution fails at least the checks its task.toml says it must fail;
  * the runner works end to end with a scripted agent that copies a solution
    (with_skill: the reference, without_skill: a trap), writing the agentskills.io layout.

Runs of one task are sequential (they share the task's app id on the server); tasks run
side by side, since most grading time is waiting on purpose (sleeps, timeouts, quiet periods).
Prints one line per grader run, a table of runtime and discrimination, and the wall time;
writes the table as JSON with --json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .grade import HTTP_TIMEOUT_S, SERVERS, dev_server
from .grading.framework import CheckResult, Task, abort_all, all_tasks, grade_project
from .run import REPO, run

_print_lock = threading.Lock()


def say(line: str) -> None:
    with _print_lock:
        print(line, flush=True)


@dataclass
class TaskReport:
    task: str
    kind: str
    checks: int
    reference_seconds: list[float] = field(default_factory=list)
    reference_failures: list[str] = field(default_factory=list)  # "run k: check -- evidence"
    traps: dict[str, dict] = field(default_factory=dict)  # name -> {failed, intended, missed, seconds}
    runner: dict | None = None

    @property
    def ok(self) -> bool:
        traps_ok = all(not t["missed"] for t in self.traps.values())
        return not self.reference_failures and traps_ok and (self.runner is None or self.runner["ok"])


def grade_solution(task: Task, solution: str, api_url: str) -> tuple[list[CheckResult], float, list[str]]:
    from .grading.kit import InngestAPI

    log: list[str] = []
    api = InngestAPI(api_url, timeout_s=HTTP_TIMEOUT_S)
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"selftest-{task.id}-") as tmp:
        project = task.materialize(Path(tmp) / "project", solution)
        try:
            results = grade_project(task, project, api, out=log.append)
        finally:
            api.close()
    return results, time.monotonic() - began, log


def check_task(task: Task, api_url: str, repeats: int, runner_dir: Path | None) -> TaskReport:
    report = TaskReport(task.id, task.kind, len(task.checks))
    for k in range(1, repeats + 1):
        results, seconds, log = grade_solution(task, "reference", api_url)
        report.reference_seconds.append(seconds)
        failed = [f"run {k}: {r.name} -- {r.evidence}" for r in results if not r.passed]
        report.reference_failures += failed
        say(f"{task.id} reference run {k}: {len(results) - len(failed)}/{len(results)} passed in {seconds:.1f} s")
        for line in failed:
            say(f"  FAIL {line}")
    for trap in task.traps:
        results, seconds, log = grade_solution(task, trap.name, api_url)
        failed = {r.name for r in results if not r.passed}
        missed = sorted(set(trap.fails) - failed)
        report.traps[trap.name] = {"failed": len(failed), "intended": len(trap.fails), "missed": missed,
                                   "extra": sorted(failed - set(trap.fails)), "seconds": round(seconds, 1)}
        say(f"{task.id} trap {trap.name}: {len(failed)}/{len(results)} failed in {seconds:.1f} s"
            + (f"; MISSED {missed}" if missed else ""))
        if missed:
            say("\n".join(f"  {line}" for line in log))
    if runner_dir is not None:
        report.runner = check_runner(task, api_url, runner_dir)
    return report


def check_runner(task: Task, api_url: str, out: Path) -> dict:
    """The runner end to end, with the scripted agent, on one task in both conditions."""
    agent = f"PYTHONPATH={REPO} {sys.executable} -m evals.scripted_agent --task {{task}} --condition {{condition}}"
    began = time.monotonic()
    iteration = run(agent, [task], ["with_skill", "without_skill"], 1, out, api_url, 300, echo=say)
    problems = []
    for condition in ("with_skill", "without_skill"):
        run_dir = iteration / f"eval-{task.id}" / condition / "run-1"
        for name in ("grading.json", "timing.json", "metrics.json", "transcript.txt", "outputs/app/main.py"):
            if not (run_dir / name).exists():
                problems.append(f"{condition}: {name} missing")
    bench = json.loads((iteration / "benchmark.json").read_text())["run_summary"]
    if bench["with_skill"]["full_pass_rate"]["mean"] != 1.0:
        problems.append(f"the reference (with_skill) did not pass every check: {bench['with_skill']}")
    if bench["without_skill"]["full_pass_rate"]["mean"] != 0.0:
        problems.append("the trap (without_skill) passed every check")
    if bench["with_skill"]["turns"]["mean"] != 1:
        problems.append("the scripted agent's reported turns were not read")
    if bench["delta"].get("pass_rate") is None or bench["delta"]["pass_rate"] <= 0:
        problems.append(f"no positive pass-rate delta: {bench['delta']}")
    if task.id not in (iteration / "summary.md").read_text():
        problems.append("summary.md does not name the task")
    seconds = time.monotonic() - began
    say(f"runner end to end on {task.id}: {'ok' if not problems else problems} in {seconds:.1f} s")
    return {"ok": not problems, "problems": problems, "seconds": round(seconds, 1), "iteration": str(iteration)}


def check_trigger_runner() -> dict:
    """The trigger runner's plumbing, with a keyword rule standing in for the agent."""
    from . import triggers

    with tempfile.TemporaryDirectory(prefix="selftest-triggers-") as out:
        agent = f"PYTHONPATH={REPO} {sys.executable} -m evals.scripted_agent --trigger-prompt {{prompt_file}}"
        code = triggers.main(["--agent", agent, "--out", out])
        results = json.loads((Path(out) / "results.json").read_text())
    problems = [] if code == 0 and len(results["results"]) == len(triggers.load_prompts()) else ["incomplete"]
    labels = {r["should_trigger"] for r in results["results"]}
    if labels != {True, False}:
        problems.append("the prompts need both should and should-not cases")
    seen = {r["triggered"] for r in results["results"]}
    if seen != {True, False}:
        problems.append(f"the detection saw only triggered={seen} (the stand-in triggers on some prompts only)")
    return {"ok": not problems, "problems": problems}


def table(reports: list[TaskReport], repeats: int) -> str:
    lines = ["| task | kind | checks | reference: runs all passed | reference s (mean) | traps: failed/intended checks |",
             "|---|---|---|---|---|---|"]
    for r in reports:
        clean = repeats - len({f.split(':')[0] for f in r.reference_failures})
        traps = ", ".join(f"{name} {t['failed']}/{t['intended']}" + (" MISSED" if t["missed"] else "")
                          for name, t in r.traps.items())
        lines.append(f"| {r.task} | {r.kind} | {r.checks} | {clean}/{repeats} | "
                     f"{statistics.mean(r.reference_seconds):.1f} | {traps} |")
    return "\n".join(lines)


def _terminate(signum: int, frame: object) -> None:
    """Stop what the graders started (apps, servers) and leave now: the grading threads
    cannot be interrupted, and a plain exit would wait for them."""
    abort_all()
    for server in SERVERS:
        with contextlib.suppress(Exception):
            server.stop()
    os._exit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3, help="reference runs per task (all must pass)")
    parser.add_argument("--workers", type=int, default=4, help="tasks graded side by side")
    parser.add_argument("--tasks", help="comma-separated task ids (default: all)")
    parser.add_argument("--runner-task", default="card_declines", help="task for the runner's end-to-end check")
    parser.add_argument("--server", help="URL of a running dev server (default: start one)")
    parser.add_argument("--json", type=Path, help="write the reports here")
    args = parser.parse_args(argv)
    tasks = [Task.load(t) for t in args.tasks.split(",")] if args.tasks else all_tasks()
    signal.signal(signal.SIGTERM, _terminate)
    began = time.monotonic()
    with dev_server(args.server) as api, tempfile.TemporaryDirectory(prefix="selftest-runner-") as runner_out:
        # Longest chains first, so that they do not end up last.
        tasks.sort(key=lambda t: -len(t.traps))
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            triggers_done = pool.submit(check_trigger_runner)  # no server involved: alongside the graders
            futures = [pool.submit(check_task, t, api.base_url, args.repeats,
                                   Path(runner_out) if t.id == args.runner_task else None) for t in tasks]
            reports = [f.result() for f in futures]
            trigger_report = triggers_done.result()
    wall = time.monotonic() - began
    print()
    print(table(reports, args.repeats))
    bad = [r for r in reports if not r.ok]
    runner_checked = any(r.runner for r in reports)
    if not runner_checked and not args.tasks:
        bad.append(TaskReport("runner", "", 0, reference_failures=["the runner's task was not run"]))
    if not trigger_report["ok"]:
        bad.append(TaskReport("triggers", "", 0, reference_failures=trigger_report["problems"]))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"wall_seconds": round(wall, 1), "repeats": args.repeats,
                                         "tasks": [r.__dict__ for r in reports]}, indent=2, default=str) + "\n")
    print(f"\neval selftest: {len(reports) - len(bad)}/{len(reports)} tasks ok, wall time {wall:.0f} s")
    for r in bad:
        print(f"  NOT OK {r.task}: reference failures {r.reference_failures}; "
              f"traps {({n: t['missed'] for n, t in r.traps.items() if t['missed']})}; runner {r.runner}")
    return 0 if not bad else 1


if __name__ == "__main__":
    sys.exit(main())
