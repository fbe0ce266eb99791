import logging

import inngest

inngest_client = inngest.Inngest(app_id="rate-limited-alerts", logger=logging.getLogger("uvicorn"))
