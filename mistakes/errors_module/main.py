"""`from inngest.errors import NonRetriableError, RetryAfterError` (seeds 001 and 002)
fails: inngest 0.5.19 has no `inngest.errors` module. The classes are exported
at the top level: inngest.NonRetriableError, inngest.RetryAfterError, inngest.StepError.
Right form: examples/non_retriable/services.py#verify_account.
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-errors-module")


# --8<-- [start:seed_import]
# WRONG: there is no inngest.errors module in the Python SDK; this import raises ModuleNotFoundError
def build_with_seed_import():
    from inngest.errors import NonRetriableError, RetryAfterError

    return NonRetriableError, RetryAfterError
# --8<-- [end:seed_import]


functions: list = []
app = FastAPI(title="mistake: inngest.errors")
inngest.fast_api.serve(app, inngest_client, functions)
