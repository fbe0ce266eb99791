import logging

import inngest

inngest_client = inngest.Inngest(app_id="media-batches", logger=logging.getLogger("uvicorn"))
