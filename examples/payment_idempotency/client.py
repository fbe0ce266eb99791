import logging

import inngest

inngest_client = inngest.Inngest(app_id="invoice-billing", logger=logging.getLogger("uvicorn"))
