"""Accounts, reports and the ops channel. Provided: do not change."""


async def list_accounts() -> list[str]:
    """Ids of every account that gets a nightly report."""
    return ["acct-1", "acct-2", "acct-3"]


async def build_report(account_id: str) -> dict:
    """Build and store one account's report. Slow; not idempotent (each call emails the account owner)."""
    return {"account_id": account_id, "built": True}


async def notify_ops(count: int) -> dict:
    """Post to the ops channel how many reports were requested."""
    return {"notified": True, "count": count}
