import logging

import inngest

inngest_client = inngest.Inngest(app_id="support-replies", logger=logging.getLogger("uvicorn"))
