"""Stand-ins for a bank-account registry and a transfer API, recording every call."""

from collections import Counter

import inngest

ledger: Counter = Counter()  # (payout_id, action) -> calls

CLOSED_ACCOUNTS = {"acct-closed"}
UNREACHABLE_ACCOUNTS = {"acct-bank-down"}


class BankUnavailable(Exception):
    """Transient: the bank did not answer."""


def check_amount(payout_id: str, amount: float) -> None:
    """Pure validation of the event's data (safe outside a step); counted so tests see each call."""
    ledger[(payout_id, "check-amount")] += 1
    if amount <= 0:
        # Retrying cannot make a bad amount good: stop now.
        raise inngest.NonRetriableError(f"payout {payout_id}: amount must be positive, got {amount}")


# --8<-- [start:verify_account]
async def verify_account(payout_id: str, account: str) -> dict:
    ledger[(payout_id, "verify-account")] += 1
    if account in UNREACHABLE_ACCOUNTS:
        raise BankUnavailable(f"bank did not answer for {account}")  # transient: let Inngest retry
    if account in CLOSED_ACCOUNTS:
        raise inngest.NonRetriableError(f"account {account} is closed")  # permanent: no retry
    return {"account": account, "verified": True}
# --8<-- [end:verify_account]


async def transfer(payout_id: str, account: str, amount: float) -> dict:
    ledger[(payout_id, "transfer")] += 1
    return {"transfer_id": f"tr-{payout_id}", "amount": amount}
