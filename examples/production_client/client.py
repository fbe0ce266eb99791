import logging

import inngest

# --8<-- [start:client]
# Mode comes from INNGEST_DEV alone: unset (or "0"/"false") means cloud mode,
# where every call from Inngest must be signed with INNGEST_SIGNING_KEY.
# The keys come from the environment (INNGEST_SIGNING_KEY, INNGEST_EVENT_KEY);
# no `is_production=` and no key literals in code.
inngest_client = inngest.Inngest(
    app_id="production-client",
    logger=logging.getLogger("uvicorn"),
)
# --8<-- [end:client]
