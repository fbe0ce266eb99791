from collections import Counter

ledger: Counter = Counter()  # (user_id, action) -> count


async def send(user_id: str, template: str) -> dict:
    ledger[(user_id, template)] += 1
    return {"sent": template}
