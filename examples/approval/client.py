import logging

import inngest

inngest_client = inngest.Inngest(app_id="expense-approval", logger=logging.getLogger("uvicorn"))
