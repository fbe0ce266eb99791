import logging

import inngest

from .middleware import StepAudit

# Client middleware applies to every function of the client and to client.send().
inngest_client = inngest.Inngest(
    app_id="middleware-demo", logger=logging.getLogger("uvicorn"), middleware=[StepAudit]
)
