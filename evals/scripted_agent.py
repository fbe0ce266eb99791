"""A stand-in agent for testing the runner without a model: it copies one of the task's
own solutions into the working directory (with_skill: the reference, without_skill: the
first trap, unless --solution says otherwise) and reports one turn and no tokens, in the
shape `claude -p --output-format json` prints.

    python -m evals.scripted_agent --task {task} --condition {condition}
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from .grading.framework import IGNORE, Task


def trigger(prompt: str) -> int:
    """A fixed keyword rule standing in for a model's choice, to exercise the trigger
    runner's plumbing (it measures nothing about a real agent)."""
    text = prompt.lower()
    python_inngest = "inngest" in text and not any(w in text for w in ("typescript", "node.js", "next.js", "express"))
    if python_inngest:
        print(json.dumps({"type": "tool_use", "name": "Skill", "input": {"skill": "inngest-workflow"}}))
    print(json.dumps({"type": "result", "num_turns": 1}))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--task")
    parser.add_argument("--condition", default="with_skill")
    parser.add_argument("--solution")
    parser.add_argument("--trigger-prompt", type=Path,
                        help="trigger mode: decide from this prompt file whether to 'use' the skill")
    args = parser.parse_args(argv)
    if args.trigger_prompt:
        return trigger(args.trigger_prompt.read_text())
    if not args.task:
        parser.error("--task is required to copy a solution")
    task = Task.load(args.task)
    solution = args.solution or ("reference" if args.condition == "with_skill" else task.traps[0].name)
    if task.solution(solution) is not None:
        shutil.copytree(task.solution(solution), Path.cwd(), dirs_exist_ok=True, ignore=IGNORE)
    print(json.dumps({"type": "result", "result": f"copied {task.id}/{solution}", "num_turns": 1,
                      "usage": {"input_tokens": 0, "output_tokens": 0}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
