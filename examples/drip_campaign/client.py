import logging

import inngest

inngest_client = inngest.Inngest(app_id="drip-campaigns", logger=logging.getLogger("uvicorn"))
