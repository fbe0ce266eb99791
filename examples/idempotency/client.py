import logging

import inngest

inngest_client = inngest.Inngest(app_id="order-billing", logger=logging.getLogger("uvicorn"))
