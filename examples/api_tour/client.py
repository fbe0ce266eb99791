import logging

import inngest

# The SDK is in cloud (production) mode unless INNGEST_DEV is set; in cloud
# mode it needs INNGEST_SIGNING_KEY and INNGEST_EVENT_KEY from the environment.
inngest_client = inngest.Inngest(app_id="api-tour", logger=logging.getLogger("uvicorn"))
