import logging

import inngest

inngest_client = inngest.Inngest(app_id="etl-pipeline", logger=logging.getLogger("uvicorn"))
