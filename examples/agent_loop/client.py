import logging

import inngest

inngest_client = inngest.Inngest(app_id="research-agent", logger=logging.getLogger("uvicorn"))
