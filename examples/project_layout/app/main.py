"""The FastAPI application: routers plus the Inngest serve endpoint."""

import inngest.fast_api
from fastapi import FastAPI

from .inngest.client import inngest_client
from .inngest.registry import functions
from .routers import billing, users

# --8<-- [start:app]
app = FastAPI(title="project layout")
app.include_router(users.router)
app.include_router(billing.router)
inngest.fast_api.serve(app, inngest_client, functions)
# --8<-- [end:app]

__all__ = ["app", "functions", "inngest_client"]
