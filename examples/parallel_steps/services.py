"""Stand-ins for carrier rate APIs and the booking API. Every call records itself."""

import asyncio
import time
from collections import Counter

from .config import settings

ledger: Counter = Counter()  # (shipment_id, action) -> count
calls: list[dict] = []  # one per rate request, with its start and end (time.monotonic())

CARRIERS = ("ups", "fedex", "dhl", "usps")
BASE_PRICE = {"ups": 12.4, "fedex": 13.1, "dhl": 11.9, "usps": 9.8}


async def quote_rate(shipment_id: str, carrier: str, weight_kg: float) -> dict:
    ledger[(shipment_id, f"quote {carrier}")] += 1
    started = time.monotonic()
    # An I/O-bound call: awaiting it frees the event loop for the other quotes.
    # A blocking call (time.sleep, requests.get) would serialize them again.
    await asyncio.sleep(settings.carrier_latency.total_seconds())
    calls.append({"shipment_id": shipment_id, "carrier": carrier, "start": started, "end": time.monotonic()})
    return {"carrier": carrier, "price": round(BASE_PRICE[carrier] + 1.5 * weight_kg, 2)}


async def book(shipment_id: str, carrier: str, price: float) -> dict:
    ledger[(shipment_id, "book")] += 1
    return {"booking_id": f"bk-{shipment_id}", "carrier": carrier, "price": price}
