"""Stand-ins for the classifier, the review queue, the moderators' pager and the content store."""

from collections import Counter

ledger: Counter = Counter()  # (content_id, action) -> count
review_queue: list[dict] = []
pages: list[dict] = []


async def classify(content_id: str, text: str) -> dict:
    """A deterministic fake classifier: obvious spam is certain, anything else is not."""
    ledger[(content_id, "classify")] += 1
    lowered = text.lower()
    if "buy followers" in lowered:
        return {"action": "remove", "label": "spam", "confidence": 0.99}
    if "idiot" in lowered:
        return {"action": "hide", "label": "harassment", "confidence": 0.7}
    return {"action": "keep", "label": "unclear", "confidence": 0.4}


async def apply_decision(content_id: str, action: str, decided_by: str) -> dict:
    ledger[(content_id, f"apply-{action}")] += 1
    return {"content_id": content_id, "action": action, "decided_by": decided_by}


async def add_to_review_queue(content_id: str, classification: dict) -> dict:
    ledger[(content_id, "queue-for-review")] += 1
    review_queue.append({"content_id": content_id, **classification})
    return {"queue": "moderators"}


async def escalate_to_senior(content_id: str) -> dict:
    ledger[(content_id, "escalate")] += 1
    pages.append({"to": "senior-moderators", "content_id": content_id})
    return {"paged": "senior-moderators"}


async def mark_for_manual_handling(content_id: str) -> dict:
    ledger[(content_id, "manual-handling")] += 1
    return {"ticket": f"MOD-{content_id}"}
