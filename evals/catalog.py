"""evals/evals.json, the agentskills.io eval definition file, generated from the tasks.

    python -m evals.catalog          # exit 1 if evals.json is out of date
    python -m evals.catalog --write  # rewrite it

Each eval's prompt is the task's instruction, its files the starter project, its
assertions the grader's checks (graded by running the code, not by reading it).
"""

from __future__ import annotations

import argparse
import json
import sys

from .grading.framework import EVALS, all_tasks

EVALS_JSON = EVALS / "evals.json"
SKILL_NAME = "inngest-workflow"


def build() -> dict:
    evals = []
    for n, task in enumerate(all_tasks(), start=1):
        files = sorted(p.relative_to(EVALS).as_posix() for p in task.starter.rglob("*")
                       if p.is_file() and "__pycache__" not in p.parts)
        evals.append({
            "id": n,
            "name": task.id,
            "kind": task.kind,
            "prompt": task.instruction,
            "expected_output": task.title,
            "files": files,
            "assertions": list(task.checks),
            "grader": f"python -m evals.grade {task.id} <project>",
            "traps": {t.name: {"why": t.why, "fails": list(t.fails)} for t in task.traps},
        })
    return {"skill_name": SKILL_NAME, "evals": evals}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    text = json.dumps(build(), indent=2, ensure_ascii=False) + "\n"
    if args.write:
        EVALS_JSON.write_text(text)
        return 0
    if not EVALS_JSON.exists() or EVALS_JSON.read_text() != text:
        print("evals/evals.json is out of date: python -m evals.catalog --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
