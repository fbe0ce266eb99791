import logging

import inngest

inngest_client = inngest.Inngest(app_id="ticket-store", logger=logging.getLogger("uvicorn"))
