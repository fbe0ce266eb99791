import logging

import inngest

# No `is_production=` argument: the SDK runs in cloud mode (signatures
# required) unless INNGEST_DEV is set, so a production deploy with a missing or
# misspelled variable fails closed instead of silently accepting unsigned calls.
inngest_client = inngest.Inngest(
    app_id="lead-routing",
    logger=logging.getLogger("uvicorn"),
)
