import logging

import inngest

inngest_client = inngest.Inngest(app_id="daily-report", logger=logging.getLogger("uvicorn"))
