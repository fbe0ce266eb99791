"""Grader's copy of app/services.py: records every reindex."""

from evals_ledger import record


async def reindex(product_id: str, version: int) -> dict:
    record("reindex", key=product_id, version=version)
    return {"product_id": product_id, "version": version}
