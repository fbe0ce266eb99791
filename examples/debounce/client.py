import logging

import inngest

inngest_client = inngest.Inngest(app_id="search-indexer", logger=logging.getLogger("uvicorn"))
