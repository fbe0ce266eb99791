"""Stand-ins for a helpdesk API (which can 404 or be briefly down) and a reply drafter."""

from collections import Counter

ledger: Counter = Counter()  # (conversation_id, action) -> calls
deleted: set[str] = set()  # conversations the helpdesk answers 404 for
_outage_calls_left: Counter = Counter()  # conversation_id -> calls still answered 503


class ConversationNotFound(Exception):
    """404: asking again will not help."""


class HelpdeskUnavailable(Exception):
    """503 / timeout: asking again later may well work."""


def outage(conversation_id: str, calls: int) -> None:
    _outage_calls_left[conversation_id] = calls


async def fetch_conversation(conversation_id: str) -> dict:
    ledger[(conversation_id, "fetch-conversation")] += 1
    if _outage_calls_left[conversation_id] > 0:
        _outage_calls_left[conversation_id] -= 1
        raise HelpdeskUnavailable("helpdesk answered 503")
    if conversation_id in deleted:
        raise ConversationNotFound(f"conversation {conversation_id}: 404")
    return {"body": "Where is my order #1234?", "sender_email": "kim@example.com", "messages": 3}


async def draft_reply(conversation_id: str, context: dict) -> dict:
    ledger[(conversation_id, "draft-reply")] += 1
    return {"draft": f"Hi {context['sender_email']}, about: {context['body'][:40]}"}
