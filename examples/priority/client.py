import logging

import inngest

inngest_client = inngest.Inngest(app_id="priority-support-queue", logger=logging.getLogger("uvicorn"))
