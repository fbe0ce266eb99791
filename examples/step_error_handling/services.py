"""Stand-ins for a live FX-rate provider (which can be down) and a cache of yesterday's rates."""

from collections import Counter

ledger: Counter = Counter()  # (quote_id, action) -> calls
events: list[tuple[str, str]] = []  # (quote_id, action) in call order
provider_down_for: set[str] = set()  # quote ids for which the live provider keeps failing

CACHED_RATES = {"EUR": 1.08, "GBP": 1.27}
LIVE_RATES = {"EUR": 1.09, "GBP": 1.26}


class RateProviderDown(Exception):
    pass


async def fetch_live_rate(quote_id: str, currency: str) -> float:
    ledger[(quote_id, "fetch-live-rate")] += 1
    events.append((quote_id, "fetch-live-rate"))
    if quote_id in provider_down_for:
        raise RateProviderDown(f"live rates for {currency}: 502 Bad Gateway")
    return LIVE_RATES[currency]


async def cached_rate(quote_id: str, currency: str) -> float:
    ledger[(quote_id, "use-cached-rate")] += 1
    events.append((quote_id, "use-cached-rate"))
    return CACHED_RATES[currency]
