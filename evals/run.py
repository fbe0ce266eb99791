"""Run a coding agent on the eval tasks, with and without the skill, and grade what it wrote.

    python -m evals.run --agent 'claude -p "$(cat {prompt_file})" --output-format json \
        --permission-mode acceptEdits' --repeats 3

For every task, condition (with_skill, without_skill) and repeat, the runner:
  1. copies the task's starter project into a fresh directory (with_skill: the
     skill is installed into it with scripts/install_skill.py --project);
  2. runs the agent command there (a shell command; placeholders below);
  3. grades the project against a real Inngest dev server (one for the whole run);
  4. writes the agentskills.io eval layout:

     <out>/iteration-N/eval-<task>/<condition>/run-<k>/
         outputs/        the project as the agent left it
         transcript.txt  the agent's stdout and stderr
         grading.json    one assertion per check: text, passed, evidence
         timing.json     duration_ms, total_tokens (when the agent reports them)
         metrics.json    turns, tokens, files changed, lines of test scaffolding
     <out>/iteration-N/benchmark.json   run_summary per condition, delta
     <out>/iteration-N/summary.md       pass rate per task and condition, most-failed checks

Placeholders in the agent command: {prompt_file} (the instruction as a file),
{prompt} (the instruction, shell-quoted), {workdir}, {task}, {condition}, {repeat}.
The runner itself uses the network for nothing but the loopback server; the agent
command uses whatever it needs.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from .grade import dev_server, grade
from .grading.framework import Task, all_tasks
from .grading.kit import InngestAPI

REPO = Path(__file__).resolve().parent.parent
CONDITIONS = ("with_skill", "without_skill")
SKILL_DIR = ".claude/skills"  # where install_skill.py --project puts the skill
TEST_FILE = ("test_", "conftest")


# -- one run ------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, str]:
    """Text of every file in the project, for measuring what the agent wrote."""
    files = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not rel.startswith((SKILL_DIR, ".git/")) and "__pycache__" not in rel:
            try:
                files[rel] = path.read_text()
            except (UnicodeDecodeError, OSError):
                files[rel] = ""
    return files


def is_test_file(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return name.endswith(".py") and (name.startswith(TEST_FILE) or name.endswith("_test.py") or "/tests/" in f"/{rel}")


def changes(before: dict[str, str], after: dict[str, str]) -> dict:
    """Files the agent added or changed, and the lines of test scaffolding it wrote
    (lines added to test files, conftest.py or anything under tests/)."""
    changed = sorted(p for p in after if before.get(p) != after[p])
    added_lines = {}
    for rel in changed:
        old = Counter(before.get(rel, "").splitlines())
        new = [line for line in after[rel].splitlines() if line.strip()]
        count = 0
        for line in new:
            if old[line]:
                old[line] -= 1
            else:
                count += 1
        added_lines[rel] = count
    return {
        "files_changed": changed,
        "lines_added": sum(added_lines.values()),
        "test_scaffolding_lines": sum(n for rel, n in added_lines.items() if is_test_file(rel)),
    }


def agent_usage(output: str) -> dict:
    """Turns and tokens from the agent's output, when it reports them: the last JSON
    object (or JSON line) carrying `usage` or `num_turns`, as `claude -p --output-format
    json|stream-json` prints."""
    candidates = [output.strip()] + output.strip().splitlines()[::-1]
    for text in candidates:
        try:
            data = json.loads(text)
        except ValueError:
            continue
        if isinstance(data, list):
            data = next((d for d in reversed(data) if isinstance(d, dict) and ("usage" in d or "num_turns" in d)), {})
        if isinstance(data, dict) and ("usage" in data or "num_turns" in data):
            usage = data.get("usage") or {}
            tokens = sum(v for k, v in usage.items() if k.endswith("_tokens") and isinstance(v, int))
            return {"turns": data.get("num_turns"), "total_tokens": tokens if usage else None,
                    "usage": usage or None, "cost_usd": data.get("total_cost_usd")}
    return {"turns": None, "total_tokens": None, "usage": None, "cost_usd": None}


def install_skill(project: Path) -> None:
    subprocess.run([sys.executable, str(REPO / "scripts" / "install_skill.py"), "--project", str(project)],
                   check=True, capture_output=True, text=True)


def run_once(task: Task, condition: str, repeat: int, run_dir: Path, agent: str, api: InngestAPI,
             timeout_s: float) -> dict:
    project = run_dir / "outputs"
    task.materialize(project)
    if condition == "with_skill":
        install_skill(project)
    before = snapshot(project)
    prompt_file = run_dir / "prompt.md"
    prompt_file.write_text(task.instruction)
    command = agent.format(prompt_file=shlex.quote(str(prompt_file)), prompt=shlex.quote(task.instruction),
                           workdir=shlex.quote(str(project)), task=task.id, condition=condition, repeat=repeat)
    env = {k: v for k, v in os.environ.items() if not k.startswith("INNGEST_")}
    began = time.monotonic()
    try:
        proc = subprocess.run(["bash", "-c", command], cwd=project, env=env, capture_output=True, text=True,
                              timeout=timeout_s, stdin=subprocess.DEVNULL)
        output, exit_code = proc.stdout + proc.stderr, proc.returncode
    except subprocess.TimeoutExpired as exc:
        output, exit_code = f"{exc.stdout or ''}{exc.stderr or ''}\n[timed out after {timeout_s} s]", None
    duration_s = time.monotonic() - began
    (run_dir / "transcript.txt").write_text(output if isinstance(output, str) else output.decode(errors="replace"))
    usage = agent_usage(output if isinstance(output, str) else "")
    metrics = {"agent_exit_code": exit_code, "turns": usage["turns"], "total_tokens": usage["total_tokens"],
               "usage": usage["usage"], "cost_usd": usage["cost_usd"], **changes(before, snapshot(project))}
    (run_dir / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    (run_dir / "timing.json").write_text(json.dumps(
        {"duration_ms": round(duration_s * 1000), "total_duration_seconds": round(duration_s, 1),
         "total_tokens": usage["total_tokens"]}, indent=2) + "\n")
    log = []
    grading = grade(task, project, api, out=log.append)
    (run_dir / "grading.json").write_text(json.dumps(grading, indent=2) + "\n")
    (run_dir / "grader.txt").write_text("\n".join(log) + "\n")
    return {"task": task.id, "condition": condition, "repeat": repeat, "seconds": duration_s,
            "grading": grading, "metrics": metrics}


# -- aggregate ------------------------------------------------------------------------


def _stats(values: list[float]) -> dict:
    values = [v for v in values if v is not None]
    if not values:
        return {"mean": None, "stddev": None, "n": 0}
    return {"mean": round(statistics.mean(values), 4),
            "stddev": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0, "n": len(values)}


def benchmark(runs: list[dict]) -> dict:
    summary = {}
    for condition in sorted({r["condition"] for r in runs}):
        mine = [r for r in runs if r["condition"] == condition]
        summary[condition] = {
            "pass_rate": _stats([r["grading"]["summary"]["pass_rate"] for r in mine]),
            "full_pass_rate": _stats([float(r["grading"]["summary"]["failed"] == 0) for r in mine]),
            "time_seconds": _stats([r["seconds"] for r in mine]),
            "tokens": _stats([r["metrics"]["total_tokens"] for r in mine]),
            "turns": _stats([r["metrics"]["turns"] for r in mine]),
            "test_scaffolding_lines": _stats([r["metrics"]["test_scaffolding_lines"] for r in mine]),
        }
    delta = {}
    if set(CONDITIONS) <= summary.keys():
        for metric in ("pass_rate", "full_pass_rate", "time_seconds", "tokens", "turns", "test_scaffolding_lines"):
            a, b = summary["with_skill"][metric]["mean"], summary["without_skill"][metric]["mean"]
            delta[metric] = round(a - b, 4) if a is not None and b is not None else None
    per_task = {}
    for r in runs:
        cell = per_task.setdefault(r["task"], {}).setdefault(r["condition"], {"runs": 0, "full_passes": 0,
                                                                                "check_pass_rates": []})
        cell["runs"] += 1
        cell["full_passes"] += r["grading"]["summary"]["failed"] == 0
        cell["check_pass_rates"].append(r["grading"]["summary"]["pass_rate"])
    return {"run_summary": {**summary, "delta": delta}, "per_task": per_task,
            "runs": [{k: r[k] for k in ("task", "condition", "repeat")} | {
                "pass_rate": r["grading"]["summary"]["pass_rate"], "seconds": round(r["seconds"], 1),
                "tokens": r["metrics"]["total_tokens"], "turns": r["metrics"]["turns"],
                "test_scaffolding_lines": r["metrics"]["test_scaffolding_lines"]} for r in runs]}


def summary_markdown(bench: dict, runs: list[dict], agent: str) -> str:
    conditions = [c for c in CONDITIONS if c in bench["run_summary"]]
    lines = ["# Eval results", "", f"Agent command: `{agent}`", "",
             "| task | " + " | ".join(f"{c}: full passes | {c}: checks passed" for c in conditions) + " |",
             "|---|" + "---|---|" * len(conditions)]
    for task, cells in sorted(bench["per_task"].items()):
        row = [task]
        for c in conditions:
            cell = cells.get(c)
            row += ([f"{cell['full_passes']}/{cell['runs']}", f"{statistics.mean(cell['check_pass_rates']):.0%}"]
                    if cell else ["-", "-"])
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "| condition | pass rate | full passes | time (s) | tokens | turns | test scaffolding lines |",
              "|---|---|---|---|---|---|---|"]
    for c in conditions:
        s = bench["run_summary"][c]

        def fmt(stat: dict, pct: bool = False) -> str:
            if stat["mean"] is None:
                return "n/a"
            return f"{stat['mean']:.0%}" if pct else f"{stat['mean']:.0f} ± {stat['stddev']:.0f}"
        lines.append(f"| {c} | {fmt(s['pass_rate'], True)} | {fmt(s['full_pass_rate'], True)} | "
                     f"{fmt(s['time_seconds'])} | {fmt(s['tokens'])} | {fmt(s['turns'])} | "
                     f"{fmt(s['test_scaffolding_lines'])} |")
    failed = Counter((r["task"], a["text"]) for r in runs for a in r["grading"]["assertion_results"]
                     if not a["passed"])
    lines += ["", "## Most often failed checks", ""]
    if not failed:
        lines.append("None: every check passed in every run.")
    for (task, check), count in failed.most_common(15):
        lines.append(f"- {count}× {task}: {check}")
    return "\n".join(lines) + "\n"


def next_iteration(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    taken = [int(p.name.split("-")[1]) for p in out.glob("iteration-*") if p.name.split("-")[1].isdigit()]
    return out / f"iteration-{max(taken, default=0) + 1}"


def run(agent: str, tasks: list[Task], conditions: list[str], repeats: int, out: Path, server: str | None,
        timeout_s: float, echo=print) -> Path:
    iteration = next_iteration(out)
    runs = []
    with dev_server(server) as api:
        for task in tasks:
            for condition in conditions:
                for k in range(1, repeats + 1):
                    run_dir = iteration / f"eval-{task.id}" / condition / f"run-{k}"
                    run_dir.mkdir(parents=True)
                    result = run_once(task, condition, k, run_dir, agent, api, timeout_s)
                    s = result["grading"]["summary"]
                    echo(f"{task.id} {condition} run-{k}: {s['passed']}/{s['total']} checks, "
                         f"{result['seconds']:.0f} s, tokens {result['metrics']['total_tokens']}")
                    runs.append(result)
    bench = benchmark(runs)
    (iteration / "benchmark.json").write_text(json.dumps(bench, indent=2) + "\n")
    (iteration / "summary.md").write_text(summary_markdown(bench, runs, agent))
    return iteration


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agent", required=True, help="agent command template (see placeholders above)")
    parser.add_argument("--tasks", help="comma-separated task ids (default: all)")
    parser.add_argument("--conditions", default=",".join(CONDITIONS))
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "evals" / "workspace")
    parser.add_argument("--server", help="URL of a running dev server (default: start one)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per agent run")
    args = parser.parse_args(argv)
    tasks = [Task.load(t) for t in args.tasks.split(",")] if args.tasks else all_tasks()
    conditions = args.conditions.split(",")
    unknown = set(conditions) - set(CONDITIONS)
    if unknown:
        parser.error(f"unknown conditions {sorted(unknown)}; use {CONDITIONS}")
    iteration = run(args.agent, tasks, conditions, args.repeats, args.out, args.server, args.timeout)
    print(f"results: {iteration}")
    print((iteration / "summary.md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
