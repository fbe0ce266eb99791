"""The seed's unit test (000 "### Unit Testing Workflows"), as a reusable check.

`workflow` is what the seed calls: the decorated function. `module` is where
`fulfill_order` lives (the seed patches "app.workflows.fulfill_order").
"""

from unittest.mock import AsyncMock, patch


# --8<-- [start:seed_test]
# WRONG: every ctx.step call is an AsyncMock that accepts any arguments and never runs the step, so the test checks neither the server's rules nor the step's code
async def seed_style_test(workflow, module) -> None:
    mock_ctx = AsyncMock()
    mock_ctx.event.data = {"order_id": "order-123"}

    # Mock wait_for_event to return approval
    mock_ctx.step.wait_for_event.return_value = AsyncMock(data={"order_id": "order-123", "approved": True})

    with patch.object(module, "fulfill_order") as mock_fulfill:
        await workflow(mock_ctx)
        mock_fulfill.assert_called_once_with("order-123")
# --8<-- [end:seed_test]


# --8<-- [start:step_call_test]
# WRONG: asserting on the mocked step call instead passes the right workflow and both server-broken ones alike
async def step_call_test(workflow, module) -> None:
    mock_ctx = AsyncMock()
    mock_ctx.event.data = {"order_id": "order-123"}
    mock_ctx.step.wait_for_event.return_value = AsyncMock(data={"order_id": "order-123", "approved": True})

    await workflow(mock_ctx)
    mock_ctx.step.run.assert_any_await("fulfill-order", module.fulfill_order, "order-123")
# --8<-- [end:step_call_test]
