"""Stand-ins for a supplier feed (some feeds are broken) and the ops pager."""

from collections import Counter

ledger: Counter = Counter()  # (catalog_id, action) -> calls
alerts: list[dict] = []  # what the failure handler received, one entry per call

BROKEN_FEEDS = {"https://supplier.example/broken.csv"}


class FeedBroken(Exception):
    pass


async def download_feed(catalog_id: str, feed_url: str) -> dict:
    ledger[(catalog_id, "download-feed")] += 1
    if feed_url in BROKEN_FEEDS:
        raise FeedBroken(f"{feed_url}: 404 Not Found")
    return {"products": 12}


async def page_ops(catalog_id: str, failure_event: dict) -> dict:
    ledger[(catalog_id, "page-ops")] += 1
    alerts.append({"catalog_id": catalog_id, **failure_event})
    return {"paged": "ops-oncall"}
