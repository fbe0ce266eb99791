import logging

import inngest

inngest_client = inngest.Inngest(app_id="crm-sync", logger=logging.getLogger("uvicorn"))
