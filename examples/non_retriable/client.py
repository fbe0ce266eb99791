import logging

import inngest

inngest_client = inngest.Inngest(app_id="payouts", logger=logging.getLogger("uvicorn"))
