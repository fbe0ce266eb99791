import logging

import inngest

inngest_client = inngest.Inngest(app_id="validated-intake", logger=logging.getLogger("uvicorn"))
