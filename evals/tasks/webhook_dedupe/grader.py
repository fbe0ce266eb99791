"""Grades webhook_dedupe: one ledger row per payment id, however often and whenever it is delivered."""

from evals.grading.framework import Grader
from evals.grading.kit import unique

EVENT = "payments/webhook.received"


def grade(g: Grader) -> None:
    with g.check("function registered for payments/webhook.received"):
        g.start_app()
        triggers = [t["value"] for t in g.registered()["record-payment"]["triggers"]]
        assert triggers == [EVENT], f"triggers {triggers}"

    customer = unique("cus")
    burst, late, second = unique("pay-burst"), unique("pay-late"), unique("pay-second")
    quote_a, quote_b = unique("pay-\"x"), None
    quote_b = quote_a.replace('"', "'")  # differs from quote_a only in the kind of quote

    def delivery(payment_id: str, cust: str = customer) -> dict:
        return {"name": EVENT, "data": {"payment_id": payment_id, "customer_id": cust, "amount": 12.5}}

    def rows(payment_id: str) -> int:
        return len(g.ledger("record_payment", key=payment_id))

    first_late = g.api.send_many([delivery(late)])[0]
    g.api.complete(first_late)
    g.api.send_many([delivery(burst)] * 3 + [delivery(second), delivery(quote_a, "c1"), delivery(quote_b, "c1")])
    g.api.send_many([delivery(late)])
    # Let every delivery run (or be dropped): a throttle would space them ~1 s apart.
    g.wait_until(lambda: rows(burst) > 1 and rows(late) > 1, 5)

    with g.check("a payment delivered three times at once is recorded once"):
        assert rows(burst) == 1, f"{rows(burst)} rows"
    with g.check("a payment redelivered after it was recorded is not recorded again"):
        assert rows(late) == 1, f"{rows(late)} rows"
    with g.check("two payments of one customer are both recorded"):
        assert g.wait_until(lambda: rows(second) == 1, 10), f"second payment: {rows(second)} rows"
    with g.check("payment ids with quotes are told apart"):
        assert g.wait_until(lambda: rows(quote_a) == 1 and rows(quote_b) == 1, 10), (rows(quote_a), rows(quote_b))
