import logging

import inngest

inngest_client = inngest.Inngest(app_id="content-moderation", logger=logging.getLogger("uvicorn"))
