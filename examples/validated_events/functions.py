import inngest
import pydantic

from . import services
from .client import inngest_client

ORDER_RECEIVED = "intake/order.received"


# --8<-- [start:order_model]
class OrderReceived(pydantic.BaseModel):
    """The contract of ORDER_RECEIVED's data. Events come from anyone holding the
    event key (partners, scripts, other services), not only from our API."""

    model_config = pydantic.ConfigDict(extra="forbid")

    order_id: str = pydantic.Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    sku: str = pydantic.Field(pattern=r"^[A-Z0-9-]{1,32}$")
    quantity: int = pydantic.Field(gt=0, le=1000, strict=True)


def describe(exc: pydantic.ValidationError) -> str:
    """'quantity: Input should be greater than 0; sku: Field required' (no input values echoed)."""
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'data'}: {e['msg']}" for e in exc.errors())
# --8<-- [end:order_model]


# --8<-- [start:process_order]
@inngest_client.create_function(
    fn_id="process-order",
    trigger=inngest.TriggerEvent(event=ORDER_RECEIVED),
    retries=3,
)
async def process_order(ctx: inngest.Context) -> dict:
    try:
        order = OrderReceived.model_validate(ctx.event.data)
    except pydantic.ValidationError as exc:
        # Bad data stays bad: retrying cannot fix it. Fail the run now, once,
        # with a message that says what was wrong.
        raise inngest.NonRetriableError(f"invalid {ORDER_RECEIVED} event {ctx.event.id}: {describe(exc)}") from None
    return await ctx.step.run("reserve-stock", services.reserve_stock, order.order_id, order.sku, order.quantity)
# --8<-- [end:process_order]


functions = [process_order]
