import logging

import inngest

inngest_client = inngest.Inngest(app_id="record-migration", logger=logging.getLogger("uvicorn"))
