import inngest

from . import services
from .client import inngest_client
from .config import settings

TASK_SUBMITTED = "agent/task.submitted"


# --8<-- [start:agent_loop]
@inngest_client.create_function(
    fn_id="research-agent",
    trigger=inngest.TriggerEvent(event=TASK_SUBMITTED),
)
async def research_agent(ctx: inngest.Context) -> dict:
    task_id: str = ctx.event.data["task_id"]
    question: str = ctx.event.data["question"]
    observations: list[dict] = []  # rebuilt from memoized step results on every replay

    for i in range(settings.max_iterations):
        # Step ids come from the iteration number: the same on every replay.
        decision = await ctx.step.run(f"think-{i}", services.llm_decide, task_id, question, observations)
        if decision["type"] == "final":
            return {"task_id": task_id, "status": "answered", "answer": decision["answer"], "iterations": i + 1}
        observation = await ctx.step.run(
            f"act-{i}", services.call_tool, task_id, decision["tool"], decision["input"]
        )
        observations.append(observation)

    return {"task_id": task_id, "status": "max_iterations_reached", "iterations": settings.max_iterations,
            "observations": observations}
# --8<-- [end:agent_loop]


functions = [research_agent]
