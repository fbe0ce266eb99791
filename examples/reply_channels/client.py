import logging

import inngest

inngest_client = inngest.Inngest(app_id="reply-channels", logger=logging.getLogger("uvicorn"))
