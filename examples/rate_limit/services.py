"""Stand-ins for the pager that sends stock alerts and the dashboard cache."""

import time
from collections import Counter

ledger: Counter = Counter()  # (business id, action) -> count
refreshed_at: dict[str, float] = {}  # request id -> time.monotonic() of the refresh


async def send_low_stock_alert(sku: str, update_id: str, quantity: int) -> dict:
    ledger[(sku, "alert")] += 1
    ledger[(update_id, "alert")] += 1
    return {"sku": sku, "alerted_for": update_id, "quantity": quantity}


async def refresh_dashboard(user_id: str, request_id: str) -> dict:
    ledger[(user_id, "refresh")] += 1
    refreshed_at[request_id] = time.monotonic()
    return {"user_id": user_id, "request_id": request_id}
