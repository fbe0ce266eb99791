import logging

import inngest

inngest_client = inngest.Inngest(app_id="store-sync", logger=logging.getLogger("uvicorn"))
