"""`inngest.errors` does not exist in this SDK."""

import inngest
from inngest.errors import NonRetriableError  # expect: INN007

client = inngest.Inngest(app_id="lint-inn007-errors", is_production=False)
PROOF = {"rule": "INN007", "kind": "import", "error": "No module named 'inngest.errors'"}


@client.create_function(fn_id="verify", trigger=inngest.TriggerEvent(event="lint/inn007-errors"))
async def verify(ctx: inngest.Context) -> None:
    raise NonRetriableError("no")


functions = [verify]
