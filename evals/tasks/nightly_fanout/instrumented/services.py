"""Grader's copy of app/services.py: accounts from EVAL_ACCOUNTS, every report recorded,
the first ops notification and the first report of a flaky account fail."""

import json
import os

from evals_ledger import first_attempt_fails, record


class ServiceUnavailable(Exception):
    pass


async def list_accounts() -> list[str]:
    record("list_accounts", key="")
    return json.loads(os.environ["EVAL_ACCOUNTS"])


async def build_report(account_id: str) -> dict:
    if first_attempt_fails("build_report", account_id):
        raise ServiceUnavailable("report store unavailable")
    record("build_report", key=account_id)
    return {"account_id": account_id, "built": True}


async def notify_ops(count: int) -> dict:
    if first_attempt_fails("notify_ops", "flaky-ops-channel"):
        raise ServiceUnavailable("ops channel unavailable")
    record("notify_ops", key="", count=count)
    return {"notified": True, "count": count}
