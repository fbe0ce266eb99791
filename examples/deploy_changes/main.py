"""Run it:  INNGEST_DEV=1 uvicorn examples.deploy_changes.main:app --port 8000"""

import inngest.fast_api
from fastapi import FastAPI

from .client import inngest_client
from .config import settings
from .functions import functions

app = FastAPI(title="deploy changes")
inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
