import logging

import inngest

# Keys and mode come from the environment (INNGEST_DEV, or INNGEST_SIGNING_KEY
# and INNGEST_EVENT_KEY in production); nothing secret is written here.
inngest_client = inngest.Inngest(app_id="durable-ledger", logger=logging.getLogger("uvicorn"))
