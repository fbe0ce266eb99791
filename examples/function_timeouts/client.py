import logging

import inngest

inngest_client = inngest.Inngest(app_id="report-exports", logger=logging.getLogger("uvicorn"))
