"""FastAPI app serving the scheduled daily report. Nothing sends an event: the
server starts runs on the schedule.

Run it:  INNGEST_DEV=1 uvicorn examples.daily_report.main:app --port 8000
Run it now (dev server):  curl -X POST http://127.0.0.1:8288/invoke/daily-report-daily-report \
    -d '{"data": {"report_date": "2025-01-31"}}'
"""

import inngest.fast_api
from fastapi import FastAPI

from .client import inngest_client
from .functions import functions

app = FastAPI(title="daily report")

inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client"]
