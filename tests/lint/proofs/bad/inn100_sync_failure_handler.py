"""An async function with a plain `def` on_failure handler."""

import inngest

client = inngest.Inngest(app_id="lint-inn100-on-failure", is_production=False)
PROOF = {"rule": "INN100", "kind": "import", "error": "cannot have a non-async on_failure handler"}


def alert(ctx: inngest.ContextSync) -> None:
    return None


@client.create_function(  # expect: INN100
    fn_id="charge",
    trigger=inngest.TriggerEvent(event="lint/inn100-on-failure"),
    on_failure=alert,
)
async def charge(ctx: inngest.Context) -> None:
    return None


functions = [charge]
