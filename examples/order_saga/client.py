import logging

import inngest

inngest_client = inngest.Inngest(app_id="order-saga", logger=logging.getLogger("uvicorn"))
