import logging

import inngest

inngest_client = inngest.Inngest(app_id="parallel-steps", logger=logging.getLogger("uvicorn"))
