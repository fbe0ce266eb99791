import logging

import inngest

inngest_client = inngest.Inngest(app_id="deploy-changes", logger=logging.getLogger("uvicorn"))
