import logging

import inngest

inngest_client = inngest.Inngest(app_id="concurrency-limits", logger=logging.getLogger("uvicorn"))
