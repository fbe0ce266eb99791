"""Grades card_declines: a decline is tried once and answered; timeouts are retried; charges happen once."""

from evals.grading.framework import Grader
from evals.grading.kit import unique

EVENT = "orders/checkout.completed"


def grade(g: Grader) -> None:
    g.start_app()
    declined, flaky, good = unique("ord-declined"), unique("ord-flaky"), unique("ord-\"o'q\"")
    cards = {declined: "4000-0000-0000-0002", flaky: "4242-4242-4242-4242", good: "4242-4242-4242-4242"}
    events = {o: g.api.send(EVENT, {"order_id": o, "card": c}) for o, c in cards.items()}

    def outcome(order: str):
        return g.api.run(g.api.run_for_event(events[order]).id)

    def settled(order: str):
        run = outcome(order)
        return run if run and run.status in ("COMPLETED", "FAILED", "CANCELLED") else None

    for order in cards:
        g.wait_until(lambda order=order: settled(order), 30)
    g.wait_until(lambda: False, 1.0)  # a stray retry would land now
    with g.check("a declined card is tried exactly once"):
        attempts = len(g.ledger("charge_card:attempt", key=declined))
        assert attempts == 1, f"the declined card was tried {attempts} times"
    with g.check("a declined order tells the customer once and ends declined"):
        run = settled(declined)
        assert run and run.status == "COMPLETED", f"run {run.status if run else 'still running'}: {run and run.output}"
        assert run.output == {"order_id": declined, "status": "declined"}, run.output
        assert len(g.ledger("send_decline_notice", key=declined)) == 1, "decline notices sent: " + str(
            len(g.ledger("send_decline_notice", key=declined)))
    with g.check("a gateway timeout is retried and the order charged once"):
        run = settled(flaky)
        assert run and run.status == "COMPLETED", f"run {run.status if run else 'still running'}: {run and run.output}"
        assert run.output == {"order_id": flaky, "status": "charged"}, run.output
        assert len(g.ledger("charge", key=flaky)) == 1 and len(g.ledger("send_receipt", key=flaky)) == 1
    with g.check("a good card is charged once with one receipt"):
        run = settled(good)
        assert run and run.output == {"order_id": good, "status": "charged"}, run and run.output
        assert len(g.ledger("charge", key=good)) == 1 and len(g.ledger("send_receipt", key=good)) == 1
