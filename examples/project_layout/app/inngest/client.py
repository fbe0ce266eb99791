import logging

import inngest

# The one client of the app; every workflow and router imports it from here.
inngest_client = inngest.Inngest(app_id="project-layout", logger=logging.getLogger("uvicorn"))
