import logging

import inngest

# No `is_production=`: cloud mode (signatures required) unless INNGEST_DEV is set.
inngest_client = inngest.Inngest(app_id="order-events", logger=logging.getLogger("uvicorn"))
