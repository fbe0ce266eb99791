"""A middleware for a client that serves sync functions must be a MiddlewareSync:
an async inngest.Middleware makes every ContextSync function of the client fail
(AsyncUnsupportedError, see tests/unit/test_mocked_sync_functions.py)."""

import inngest

from . import services


# --8<-- [start:step_log]
class StepLog(inngest.MiddlewareSync):
    """Records which step each request ran (works for sync and async functions)."""

    run_id: str | None = None

    def transform_input(self, ctx, function, steps) -> None:
        self.run_id = ctx.run_id

    def transform_output(self, result: inngest.TransformOutputResult) -> None:
        if result.step is not None and self.run_id is not None:
            services.record_step(self.run_id, result.step.id)
# --8<-- [end:step_log]
