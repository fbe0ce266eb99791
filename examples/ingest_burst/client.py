import logging

import inngest

inngest_client = inngest.Inngest(app_id="reading-ingest", logger=logging.getLogger("uvicorn"))
