"""A stand-in payment provider that honours an Idempotency-Key, like Stripe's API.

The first request with a key charges the card and stores the answer; a later
request with the same key gets the stored answer and charges nothing.
`lose_response_once_for` simulates the dangerous crash: the provider charged,
but the answer never reached the step (connection reset), so the step fails
and is retried.
"""

from collections import Counter

ledger: Counter = Counter()  # (invoice_id, "charge") = real charges; (invoice_id, "request") = calls
_answers_by_key: dict[str, dict] = {}
lose_response_once_for: set[str] = set()


class ConnectionLost(Exception):
    pass


async def create_charge(invoice_id: str, customer_id: str, amount_cents: int, idempotency_key: str) -> dict:
    ledger[(invoice_id, "request")] += 1
    if idempotency_key in _answers_by_key:
        answer = _answers_by_key[idempotency_key]  # replayed answer: no new charge
    else:
        ledger[(invoice_id, "charge")] += 1  # money moves here
        answer = {"charge_id": f"ch_{len(_answers_by_key) + 1}", "amount": amount_cents, "customer": customer_id}
        _answers_by_key[idempotency_key] = answer
    if invoice_id in lose_response_once_for:
        lose_response_once_for.discard(invoice_id)
        raise ConnectionLost("connection reset after the request was sent")
    return answer


def charges_for_customer(customer_id: str) -> list[dict]:
    return [a for a in _answers_by_key.values() if a["customer"] == customer_id]
