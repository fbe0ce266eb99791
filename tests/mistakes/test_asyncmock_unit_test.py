"""mistakes/asyncmock_unit_test: the seed's AsyncMock unit test next to the SDK's
mocked layer (inngest.experimental.mocked) and the real server.

Seed 000 "### Unit Testing Workflows" tests a workflow by calling it with an
AsyncMock context. Really: it cannot call a decorated function at all. Called
on the handler, it fails every workflow that fulfills inside a step (a step's
handler never runs under a mock) and passes only the one that fulfills
outside a step, which ships twice on the real server. Rewritten to assert the
mocked step call, it passes the right workflow and two broken ones alike. The
mocked layer catches the SDK-side error (a string timeout) but not the
server-side one (a match on a missing field). The real server catches all.
"""

import datetime

import inngest
import pytest
from inngest.experimental import mocked

from inngest_kit.api import unique
from mistakes.asyncmock_unit_test import main as wf
from mistakes.asyncmock_unit_test.seed_test import seed_style_test, step_call_test

SHORT = datetime.timedelta(seconds=2)
ROOMY = datetime.timedelta(seconds=15)
MOCK_CLIENT = mocked.Inngest(app_id="mistake-asyncmock-unit-test-mocked")


def approved(order_id: str = "order-123") -> inngest.Event:
    return inngest.Event(name=wf.ORDER_DECIDED, data={"order_id": order_id, "approved": True})


def run_mocked(fn: inngest.Function):
    return mocked.trigger(
        fn,
        inngest.Event(name="any", data={"order_id": "order-123"}),
        MOCK_CLIENT,
        step_stubs={"wait-for-approval": approved()},
    )


# -- the seed's test ------------------------------------------------------


@pytest.mark.asyncio
async def test_seed_test_cannot_call_the_decorated_function():
    with pytest.raises(TypeError, match="'Function' object is not callable"):
        await seed_style_test(wf.approve_order, wf)


IN_A_STEP = (wf.approve_order, wf.approve_order_string_timeout, wf.approve_order_wrong_field)


@pytest.mark.asyncio
async def test_seed_test_fails_every_workflow_that_fulfills_in_a_step():
    """Under AsyncMock, ctx.step.run("fulfill-order", fulfill_order, ...) is a mock
    call: fulfill_order never runs, so the seed's assertion fails, for the right
    workflow as for the broken ones."""
    for fn in IN_A_STEP:
        with pytest.raises(AssertionError, match="Called 0 times"):
            await seed_style_test(fn._handler, wf)


@pytest.mark.asyncio
async def test_seed_test_passes_only_the_workflow_that_fulfills_outside_a_step():
    await seed_style_test(wf.approve_order_outside_step._handler, wf)


@pytest.mark.asyncio
async def test_asserting_the_step_call_cannot_tell_right_from_broken():
    for fn in IN_A_STEP:  # the right one, the string timeout, the wrong match field: all pass
        await step_call_test(fn._handler, wf)


# -- the mocked layer -----------------------------------------------------


def test_mocked_layer_runs_the_right_workflow_and_its_steps():
    before = wf.ledger[("order-123", "fulfill")]
    result = run_mocked(wf.approve_order)
    assert result.status is mocked.Status.COMPLETED
    assert result.output == {"order_id": "order-123", "status": "fulfilled"}
    assert wf.ledger[("order-123", "fulfill")] == before + 1  # the step's handler really ran


def test_mocked_layer_catches_the_string_timeout():
    result = run_mocked(wf.approve_order_string_timeout)
    assert result.status is mocked.Status.FAILED
    # The SDK compares the timeout with a number when the wait step is reached.
    assert isinstance(result.error, TypeError)
    assert str(result.error) == "'<' not supported between instances of 'str' and 'int'"


def test_mocked_layer_misses_the_wrong_match_field():
    """The stub is returned whatever if_exp says: the expression is never evaluated."""
    result = run_mocked(wf.approve_order_wrong_field)
    assert result.status is mocked.Status.COMPLETED
    assert result.output == {"order_id": "order-123", "status": "fulfilled"}


# -- the real server ------------------------------------------------------


@pytest.fixture(scope="module")
def mock_app(serve_example):
    return serve_example("mistakes.asyncmock_unit_test")


@pytest.fixture
def timeout(mock_app, monkeypatch):
    def set_timeout(value: datetime.timedelta) -> None:
        monkeypatch.setattr(mock_app.module.settings, "decision_timeout", value)

    set_timeout(ROOMY)
    return set_timeout


def start_and_approve(api, event_name: str) -> tuple[str, str]:
    order_id = unique("ord")
    run = api.run_for_event(api.send(event_name, {"order_id": order_id}))
    api.wait_for_step(run.id, "wait-for-approval", "WAITING")
    api.send(wf.ORDER_DECIDED, {"order_id": order_id, "approved": True})
    return order_id, run.id


@pytest.mark.integration
def test_server_right_workflow_fulfills_once(mock_app, inngest_api, timeout):
    order_id, run_id = start_and_approve(inngest_api, wf.SUBMITTED_RIGHT)
    done = inngest_api.wait_for_run(run_id)
    assert done.output == {"order_id": order_id, "status": "fulfilled"}
    assert wf.ledger[(order_id, "fulfill")] == 1


@pytest.mark.integration
def test_server_fulfilling_outside_a_step_ships_twice(mock_app, inngest_api, timeout):
    order_id, run_id = start_and_approve(inngest_api, wf.SUBMITTED_OUTSIDE)
    inngest_api.wait_for_run(run_id)
    # Once in the request that ran notify-customer, once more in the final request.
    assert wf.ledger[(order_id, "fulfill")] == 2
    assert wf.ledger[(order_id, "notify")] == 1


@pytest.mark.integration
def test_server_fails_the_string_timeout_run(mock_app, inngest_api, timeout):
    order_id = unique("ord")
    run = inngest_api.run_for_event(inngest_api.send(wf.SUBMITTED_STRING_TIMEOUT, {"order_id": order_id}))
    failed = inngest_api.wait_for_run(run.id, "FAILED")
    assert "'<' not supported between instances of 'str' and 'int'" in str(failed.output)
    assert wf.ledger[(order_id, "fulfill")] == 0


@pytest.mark.wait_floor(2)  # 2 s approval timeout
@pytest.mark.integration
def test_server_never_matches_the_wrong_field(mock_app, inngest_api, timeout):
    timeout(SHORT)
    order_id, run_id = start_and_approve(inngest_api, wf.SUBMITTED_WRONG_FIELD)
    done = inngest_api.wait_for_run(run_id, timeout_s=20)
    assert done.output == {"order_id": order_id, "status": "not-approved"}  # the approval was ignored
    assert wf.ledger[(order_id, "fulfill")] == 0
