"""A step whose output is larger than the server's MaxStepOutputSize (4 MiB,
pkg/consts/consts.go:34). (A step output that is not JSON-serializable is
tests/examples/test_step_outputs.py::test_a_step_returning_a_non_json_value_fails_the_run.)

The app is private to this test: a function returning a string of a given size."""

from collections import Counter

import inngest
import inngest.fast_api
import pytest
from fastapi import FastAPI

from inngest_kit.api import unique
from inngest_kit.apps import ServedApp

pytestmark = [pytest.mark.integration, pytest.mark.reliability]

EVENT = "output-size/export.requested"
MIB = 1024 * 1024
calls: Counter = Counter()


@pytest.fixture(scope="module")
def size_app(inngest_api):
    client = inngest.Inngest(app_id="step-output-size")

    @client.create_function(fn_id="export", trigger=inngest.TriggerEvent(event=EVENT), retries=1)
    async def export(ctx: inngest.Context) -> int:
        export_id, mib = ctx.event.data["export_id"], ctx.event.data["mib"]

        async def build() -> str:
            calls[(export_id, "build")] += 1
            return "x" * int(mib * MIB)

        blob = await ctx.step.run("build-export", build)

        async def store() -> int:
            calls[(export_id, "store")] += 1
            return len(blob)

        return await ctx.step.run("store-export", store)

    app = FastAPI()
    inngest.fast_api.serve(app, client, [export])
    served = ServedApp(app, inngest_api, {"step-output-size-export"}).start()
    yield served
    served.stop()


def test_a_step_output_just_under_4_mib_is_stored(size_app, inngest_api):
    export_id = unique("exp")
    done = inngest_api.complete(inngest_api.send(EVENT, {"export_id": export_id, "mib": 3.9}))
    assert done.output == int(3.9 * MIB)
    assert calls[(export_id, "build")] == 1 and calls[(export_id, "store")] == 1


@pytest.mark.wait_floor(1)  # one retry (retries=1), 1 s retry interval
def test_a_step_output_over_4_mib_fails_the_run(size_app, inngest_api):
    """5 MiB: the SDK sends it; the server refuses to store it and fails the run.
    The step body ran on every attempt (retries=1: twice); the next step never ran."""
    export_id = unique("exp")
    run = inngest_api.run_for_event(inngest_api.send(EVENT, {"export_id": export_id, "mib": 5}))
    failed = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=30)

    error = failed.output["error"]
    assert error["message"].startswith("error validating generator opcode ")
    assert error["message"].endswith(": step output size is greater than the limit")
    assert calls[(export_id, "build")] == 2
    assert calls[(export_id, "store")] == 0
    assert inngest_api.step_names(run.id) == []  # no step was ever recorded
    print(f"\n5 MiB step output: {failed.output}; build ran {calls[(export_id, 'build')]} times")
