"""A deterministic fake LLM and fake tools.

The fake LLM plays a script: the reply for a task depends only on the task and
on how many observations it has seen, so a replayed or retried step gets the
same answer. Swap `llm_decide` for a real model call; keep it inside a step.
"""

from collections import Counter

ledger: Counter = Counter()  # (task_id, action) -> count

# task_id -> the tool calls the "model" makes before it answers. Unknown tasks
# use DEFAULT_SCRIPT. A script of None never answers (a model that loops).
scripts: dict[str, list[dict] | None] = {}
DEFAULT_SCRIPT = [{"tool": "search", "input": "inngest durable execution"}]


async def llm_decide(task_id: str, question: str, observations: list[dict]) -> dict:
    ledger[(task_id, "llm-call")] += 1
    script = scripts.get(task_id, DEFAULT_SCRIPT)
    step_no = len(observations)
    if script is None:
        return {"type": "tool", "tool": "search", "input": f"{question} (attempt {step_no + 1})"}
    if step_no < len(script):
        return {"type": "tool", **script[step_no]}
    return {"type": "final", "answer": f"answer to {question!r} from {step_no} observation(s)"}


async def call_tool(task_id: str, tool: str, tool_input: str) -> dict:
    ledger[(task_id, f"tool-{tool}")] += 1
    if tool == "calculator":
        a, b = (int(x) for x in tool_input.split("+"))
        return {"tool": tool, "result": str(a + b)}
    return {"tool": tool, "result": f"3 documents about {tool_input}"}
