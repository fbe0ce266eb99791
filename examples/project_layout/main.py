"""Entry point the harness and `uvicorn examples.project_layout.main:app` use.
The real application lives in app/; this module only re-exports it.

Run it:  INNGEST_DEV=1 uvicorn examples.project_layout.main:app --port 8000
"""

from .app.main import app, functions, inngest_client

__all__ = ["app", "functions", "inngest_client"]
