import logging

import inngest

inngest_client = inngest.Inngest(app_id="pageview-loader", logger=logging.getLogger("uvicorn"))
