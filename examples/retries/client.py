import logging

import inngest

inngest_client = inngest.Inngest(app_id="report-import", logger=logging.getLogger("uvicorn"))
