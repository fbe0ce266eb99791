import logging

import inngest

inngest_client = inngest.Inngest(app_id="order-items", logger=logging.getLogger("uvicorn"))
