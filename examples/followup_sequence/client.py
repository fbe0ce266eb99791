import logging

import inngest

inngest_client = inngest.Inngest(app_id="followup-sequence", logger=logging.getLogger("uvicorn"))
