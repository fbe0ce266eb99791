import logging

import inngest

inngest_client = inngest.Inngest(app_id="throttle-partner-sync", logger=logging.getLogger("uvicorn"))
