"""A stand-in billing system. Every call records itself in `ledger`."""

import datetime
from collections import Counter

from pydantic import BaseModel

ledger: Counter = Counter()  # (account_id, action) -> count


class Quote(BaseModel):
    account_id: str
    plan: str
    seats: int
    total: float
    renews_at: datetime.datetime


class BillingRecord:
    """A plain class, as an ORM or SDK would hand back: not JSON."""

    def __init__(self, account_id: str, plan: str) -> None:
        self.account_id = account_id
        self.plan = plan


PLANS = {"pro": 12.5, "team": 30.0}


async def load_account(account_id: str) -> dict:
    ledger[(account_id, "load-account")] += 1
    # JSON-native values only: dict, list, str, int, float, bool, None.
    return {
        "account_id": account_id,
        "plan": "pro",
        "seats": 5,
        "active": True,
        "coupon": None,
        "addons": ["sso", "audit-log"],
    }


def _renewal_date(account_id: str) -> datetime.datetime:
    return datetime.datetime(2031, 3, 14, 9, 30, tzinfo=datetime.UTC)


async def renewal_date_iso(account_id: str) -> str:
    ledger[(account_id, "renewal-date")] += 1
    return _renewal_date(account_id).isoformat()


async def renewal_date(account_id: str) -> datetime.datetime:
    ledger[(account_id, "renewal-date")] += 1
    return _renewal_date(account_id)


async def price_quote(account_id: str, plan: str, seats: int) -> Quote:
    ledger[(account_id, "price-quote")] += 1
    return Quote(
        account_id=account_id,
        plan=plan,
        seats=seats,
        total=PLANS[plan] * seats,
        renews_at=_renewal_date(account_id),
    )


async def price_quote_json(account_id: str, plan: str, seats: int) -> dict:
    quote = await price_quote(account_id, plan, seats)
    return quote.model_dump(mode="json")


async def load_billing_record(account_id: str) -> BillingRecord:
    ledger[(account_id, "load-billing-record")] += 1
    return BillingRecord(account_id, "pro")


async def python_only_shapes(account_id: str) -> dict:
    ledger[(account_id, "python-only-shapes")] += 1
    # A tuple and integer dict keys are accepted by json.dumps, but they do not
    # come back as they went in.
    return {"seat_range": (1, 50), "price_by_seats": {1: 12.5, 10: 11.0}}
