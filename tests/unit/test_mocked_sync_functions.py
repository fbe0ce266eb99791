"""examples/sync_functions under inngest.experimental.mocked: a ContextSync
function with parallel steps, and why the example binds with functools.partial."""

import inngest
from inngest.experimental import mocked

from examples.sync_functions import services
from examples.sync_functions.config import settings
from examples.sync_functions.functions import CATALOG_REFRESH_REQUESTED, refresh_catalog
from inngest_kit.api import unique

CLIENT = mocked.Inngest(app_id="sync-functions-unit")


def test_sync_function_with_parallel_steps(monkeypatch):
    monkeypatch.setattr(settings, "price_lookup_seconds", 0.0)
    catalog_id = unique("cat")
    result = mocked.trigger(
        refresh_catalog, inngest.Event(name=CATALOG_REFRESH_REQUESTED, data={"catalog_id": catalog_id}), CLIENT
    )
    assert result.status is mocked.Status.COMPLETED
    assert result.output["total_cents"] == 600
    assert [p["sku"] for p in result.output["prices"]] == ["sku-a", "sku-b", "sku-c"]
    for sku in ("sku-a", "sku-b", "sku-c"):
        assert services.ledger[(catalog_id, f"price-{sku}")] == 1


def test_lambdas_built_in_a_loop_all_see_the_last_item():
    """Late binding: every lambda reads `sku` when parallel() calls it, after the
    loop ended. functools.partial (or `lambda sku=sku: ...`) binds it at once."""
    client = inngest.Inngest(app_id="sync-functions-unit-lambdas")

    @client.create_function(fn_id="lambdas", trigger=inngest.TriggerEvent(event="unit/lambdas"))
    def lambdas(ctx: inngest.ContextSync) -> tuple:
        skus = ["a", "b", "c"]
        return ctx.group.parallel(tuple(lambda: ctx.step.run(f"price-{sku}", lambda: sku) for sku in skus))  # noqa: B023 (the point)

    result = mocked.trigger(lambdas, inngest.Event(name="unit/lambdas"), CLIENT)
    assert result.output == ("c", "c", "c")


def test_an_async_middleware_fails_every_sync_function_of_its_client():
    class AsyncAudit(inngest.Middleware):
        async def before_execution(self) -> None:
            return None

    client = inngest.Inngest(app_id="sync-functions-unit-async-mw", middleware=[AsyncAudit])

    @client.create_function(fn_id="plain", trigger=inngest.TriggerEvent(event="unit/plain"), retries=0)
    def plain(ctx: inngest.ContextSync) -> int:
        return ctx.step.run("one", lambda: 1)

    result = mocked.trigger(plain, inngest.Event(name="unit/plain"), mocked.Inngest(app_id="t", middleware=[AsyncAudit]))
    assert result.status is mocked.Status.FAILED
    assert str(result.error) == "encountered async middleware in non-async context"
