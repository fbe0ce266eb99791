import logging

import inngest

inngest_client = inngest.Inngest(app_id="trial-reminder", logger=logging.getLogger("uvicorn"))
