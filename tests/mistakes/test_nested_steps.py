"""mistakes/nested_steps: the SDK refuses a step started inside another step."""

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def nested_app(serve_example):
    return serve_example("mistakes.nested_steps")


def test_a_nested_step_fails_the_run_once_without_retry(nested_app, inngest_api):
    order_id = unique("order")
    run = inngest_api.run_for_event(inngest_api.send("mistake-nested/order.placed", {"order_id": order_id}))
    failed = inngest_api.wait_for_run(run.id, "FAILED")
    assert failed.output["message"] == "Nested steps are not supported."
    # One attempt despite retries=2, and the inner step never ran.
    assert nested_app.module.ledger[(order_id, "reserve-and-charge")] == 1
    assert nested_app.module.ledger[(order_id, "reserve")] == 0
    # The trace of this FAILED run keeps the outer step RUNNING with a second
    # attempt QUEUED that never executes: trust the run's status, not the span.
    outer = next(s for s in inngest_api.steps(run.id) if s.name == "reserve-and-charge")
    assert [c.status for c in outer.children][:1] == ["FAILED"]


def test_the_same_work_as_flat_steps_completes(nested_app, inngest_api):
    order_id = unique("order")
    run = inngest_api.run_for_event(inngest_api.send("mistake-nested/order-flat.placed", {"order_id": order_id}))
    assert inngest_api.wait_for_run(run.id).output == {"charged": True, "reserved": order_id}
    assert nested_app.module.ledger[(order_id, "reserve")] == 1
