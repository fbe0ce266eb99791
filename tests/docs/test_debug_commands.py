"""The GraphQL commands of references/debug.md ("Reading runs"), run as written
against a real server: only the port and the ids are filled in."""

import json
from datetime import timedelta

import inngest
import inngest.fast_api
import pytest
from fastapi import FastAPI

from checks import shell_blocks
from inngest_kit.api import unique
from inngest_kit.apps import ServedApp

pytestmark = pytest.mark.integration

EVENT = "docs-graphql/greeting.requested"


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def greeting_app(inngest_api):
    client = inngest.Inngest(app_id="docs-graphql")

    @client.create_function(fn_id="greet-then-wait", trigger=inngest.TriggerEvent(event=EVENT), retries=0)
    async def greet_then_wait(ctx: inngest.Context) -> str:
        name = ctx.event.data["name"]
        greeting = await ctx.step.run("greet", lambda: f"hello {name}")
        await ctx.step.sleep("linger", timedelta(minutes=10))  # still running when the block cancels it
        return greeting

    app = FastAPI()
    inngest.fast_api.serve(app, client, [greet_then_wait])
    served = ServedApp(app, inngest_api, {"docs-graphql-greet-then-wait"}).start()
    yield served
    served.stop()


def test_the_graphql_commands_work_as_written(greeting_app, inngest_api, inngest_server):
    name = unique("ada")
    event_id = inngest_api.send(EVENT, {"name": name})
    run = inngest_api.run_for_event(event_id)
    greet = inngest_api.wait_for_step(run.id, "greet", "COMPLETED")
    inngest_api.wait_for_step(run.id, "linger", "RUNNING")

    block = shell_blocks.block("graphql-read-a-run")
    proc = shell_blocks.run(block, replace={
        "127.0.0.1:8288": f"127.0.0.1:{inngest_server.port}",
        "EVENT_ID": event_id, "RUN_ID": run.id, "OUTPUT_ID": greet.output_id,
    })
    assert proc.returncode == 0, proc.stderr
    assert "transport not supported" not in proc.stdout
    runs, record, trace, output, cancelled = _json_lines(proc.stdout)

    assert runs["data"]["event"]["functionRuns"] == [
        {"id": run.id, "status": "RUNNING", "function": {"slug": "docs-graphql-greet-then-wait"}}]
    assert record["data"]["functionRun"] == {"status": "RUNNING", "output": None}
    spans = {s["name"]: s for s in trace["data"]["run"]["trace"]["childrenSpans"]}
    assert spans["greet"]["status"] == "COMPLETED" and spans["greet"]["stepOp"] == "RUN"
    assert spans["greet"]["outputID"] == greet.output_id
    assert json.loads(output["data"]["runTraceSpanOutputByID"]["data"]) == f"hello {name}"
    assert cancelled["data"]["cancelRun"]["id"] == run.id
    inngest_api.wait_for_run(run.id, "CANCELLED")


def test_without_the_content_type_the_server_refuses(inngest_server):
    """Why the block sets the header: what the same query gets without it."""
    import subprocess

    proc = subprocess.run(
        ["curl", "-s", f"http://127.0.0.1:{inngest_server.port}/v0/gql", "-d", '{"query":"{__typename}"}'],
        capture_output=True, text=True, timeout=30,
    )
    assert "transport not supported" in proc.stdout
