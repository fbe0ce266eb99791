"""StepAudit: one instance per request the server makes, so it keeps nothing
between requests; everything it learns goes to `services`."""

import time

import inngest

from . import services


# --8<-- [start:step_audit]
class StepAudit(inngest.Middleware):
    run_id: str | None = None  # set per request by transform_input; None for client.send outside a run
    _started: float | None = None
    _elapsed: float | None = None

    def _count(self, hook: str) -> None:
        services.hook_calls[(self.run_id or "outside-run", hook)] += 1

    async def transform_input(self, ctx, function, steps) -> None:
        self.run_id = ctx.run_id  # the first hook of every request inside a run
        self._count("transform_input")

    async def before_execution(self) -> None:
        # Once per request, when code that has not run before starts (memoized steps are done).
        self._count("before_execution")
        self._started = time.monotonic()

    async def after_execution(self) -> None:
        self._count("after_execution")
        self._elapsed = time.monotonic() - self._started if self._started is not None else None

    async def transform_output(self, result: inngest.TransformOutputResult) -> None:
        self._count("transform_output")
        if result.step is not None and self._elapsed is not None:
            # The step that ran in this request, and how long the new code took.
            services.step_durations[(self.run_id, result.step.id)] = self._elapsed
            self.client.logger.info("step %s of run %s took %.3f s", result.step.id, self.run_id, self._elapsed)

    async def before_response(self) -> None:
        self._count("before_response")

    async def before_send_events(self, events: list[inngest.Event]) -> None:
        self._count("before_send_events")
        for event in events:  # mutate in place: the SDK serializes them after this hook
            event.data = {**event.data, "_origin": {"app": self.client.app_id, "run_id": self.run_id}}

    async def after_send_events(self, result: inngest.SendEventsResult) -> None:
        self._count("after_send_events")
# --8<-- [end:step_audit]
