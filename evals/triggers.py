"""Trigger evals: does the agent reach for the skill when it should, and only then?

    python -m evals.triggers --agent 'claude -p {prompt} --output-format stream-json --verbose --max-turns 2'

Each prompt in evals/triggers/prompts.json runs in a fresh directory with the skill
installed (scripts/install_skill.py --project). The prompt counts as triggered when the
agent's output matches --detect (by default: the Skill tool called with inngest-workflow,
or the skill's SKILL.md read), which is what `claude -p --output-format stream-json --verbose`
shows. Writes results.json and summary.md (accuracy, precision, recall, the misses) to --out.
Placeholders: {prompt} (shell-quoted), {prompt_file}, {workdir}.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .run import REPO, install_skill

PROMPTS = Path(__file__).resolve().parent / "triggers" / "prompts.json"
DETECT = r'"skill"\s*:\s*"inngest-workflow"|skills/inngest-workflow/SKILL\.md'


def load_prompts() -> list[dict]:
    return json.loads(PROMPTS.read_text())["prompts"]


def run_prompt(entry: dict, agent: str, detect: re.Pattern, timeout_s: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="trigger-") as tmp:
        workdir = Path(tmp) / "project"
        workdir.mkdir()
        install_skill(workdir)
        prompt_file = Path(tmp) / "prompt.md"
        prompt_file.write_text(entry["prompt"])
        command = agent.format(prompt=shlex.quote(entry["prompt"]), prompt_file=shlex.quote(str(prompt_file)),
                               workdir=shlex.quote(str(workdir)))
        env = {k: v for k, v in os.environ.items() if not k.startswith("INNGEST_")}
        began = time.monotonic()
        try:
            proc = subprocess.run(["bash", "-c", command], cwd=workdir, env=env, capture_output=True, text=True,
                                  timeout=timeout_s, stdin=subprocess.DEVNULL)
            output = proc.stdout + proc.stderr
        except subprocess.TimeoutExpired as exc:
            output = f"{exc.stdout or ''}{exc.stderr or ''}"
            output = output if isinstance(output, str) else output.decode(errors="replace")
    triggered = bool(detect.search(output))
    return {"id": entry["id"], "should_trigger": entry["should_trigger"], "triggered": triggered,
            "correct": triggered == entry["should_trigger"], "seconds": round(time.monotonic() - began, 1)}


def score(results: list[dict]) -> dict:
    tp = sum(r["triggered"] and r["should_trigger"] for r in results)
    fp = sum(r["triggered"] and not r["should_trigger"] for r in results)
    fn = sum(not r["triggered"] and r["should_trigger"] for r in results)
    return {"accuracy": round(sum(r["correct"] for r in results) / len(results), 3),
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
            "false_triggers": [r["id"] for r in results if r["triggered"] and not r["should_trigger"]],
            "missed_triggers": [r["id"] for r in results if not r["triggered"] and r["should_trigger"]]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agent", required=True)
    parser.add_argument("--detect", default=DETECT, help="regex on the agent's output that means the skill was used")
    parser.add_argument("--out", type=Path, default=REPO / "evals" / "workspace" / "triggers")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args(argv)
    detect = re.compile(args.detect)
    results = []
    for entry in load_prompts():
        result = run_prompt(entry, args.agent, detect, args.timeout)
        print(f"{'ok  ' if result['correct'] else 'MISS'} {entry['id']}: triggered={result['triggered']}", flush=True)
        results.append(result)
    scores = score(results)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps({"agent": args.agent, "detect": args.detect,
                                                       "scores": scores, "results": results}, indent=2) + "\n")
    md = ["# Trigger evals", "", f"Agent command: `{args.agent}`", "",
          f"Accuracy {scores['accuracy']:.0%}, precision {scores['precision']}, recall {scores['recall']}.", "",
          f"False triggers: {', '.join(scores['false_triggers']) or 'none'}",
          f"Missed triggers: {', '.join(scores['missed_triggers']) or 'none'}", ""]
    (args.out / "summary.md").write_text("\n".join(md))
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main())
