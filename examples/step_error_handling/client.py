import logging

import inngest

inngest_client = inngest.Inngest(app_id="fx-quotes", logger=logging.getLogger("uvicorn"))
