import logging

import inngest

from .middleware import StepLog

inngest_client = inngest.Inngest(app_id="sync-functions", logger=logging.getLogger("uvicorn"), middleware=[StepLog])
