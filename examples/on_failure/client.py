import logging

import inngest

inngest_client = inngest.Inngest(app_id="catalog-import", logger=logging.getLogger("uvicorn"))
