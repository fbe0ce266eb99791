import logging

import inngest

inngest_client = inngest.Inngest(app_id="report-builder", logger=logging.getLogger("uvicorn"))
