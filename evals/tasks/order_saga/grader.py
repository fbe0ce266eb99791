"""Grades order_saga: forward steps and compensations once each, refusals never repeated,
retries for transient errors, one order per customer at a time."""

from evals.grading.framework import Grader
from evals.grading.kit import unique

EVENT = "orders/placed"


def overlaps(spans: list[tuple[float, float]]) -> bool:
    spans = sorted(spans)
    return any(b[0] < a[1] for a, b in zip(spans, spans[1:], strict=False))


def grade(g: Grader) -> None:
    g.start_app()
    busy = unique("cus-busy-o'q")
    good, declined, noship, flaky = unique("ord-good"), unique("ord-declined"), unique("ord-noship"), unique("ord-flaky")
    second = unique("ord-good")
    # The flaky order has a customer of its own: once under heavy load, the retry of its charge
    # overlapped a call of another run with the same concurrency key (reported, not yet explained).
    orders = {good: (busy, "4242"), declined: (busy, "declined"), second: (busy, "4242"),
              noship: (unique("cus"), "4242"), flaky: (unique("cus-flaky"), "4242")}
    events = {o: g.api.send(EVENT, {"order_id": o, "customer_id": c, "card": card}) for o, (c, card) in orders.items()}
    others = [unique("ord-par") for _ in range(3)]
    for o in others:
        events[o] = g.api.send(EVENT, {"order_id": o, "customer_id": unique("cus"), "card": "4242"})
    results = {}
    for order, event_id in events.items():
        run = g.api.run_for_event(event_id)
        try:
            results[order] = g.api.wait_for_run(run.id, timeout_s=40).output
        except AssertionError as exc:
            results[order] = f"run did not complete: {str(exc).splitlines()[0]}"
    g.wait_until(lambda: False, 0.5)

    def n(kind: str, order: str) -> int:
        return len(g.ledger(kind, key=order))

    with g.check("a good order is reserved, charged and shipped once each"):
        assert results[good] == {"order_id": good, "status": "shipped"}, results[good]
        assert [n(k, good) for k in ("reserve_stock", "charge", "ship")] == [1, 1, 1]
        assert n("refund", good) + n("release_stock", good) == 0, "a good order was compensated"
    with g.check("a declined payment releases the stock once and ships nothing"):
        assert results[declined] == {"order_id": declined, "status": "cancelled"}, results[declined]
        got = [n(k, declined) for k in ("release_stock", "ship:attempt", "refund")]
        assert got == [1, 0, 0], f"release, ship attempts, refunds: {got}"
    with g.check("a shipping refusal refunds and releases once each"):
        assert results[noship] == {"order_id": noship, "status": "cancelled"}, results[noship]
        got = [n(k, noship) for k in ("refund", "release_stock")]
        assert got == [1, 1], f"refunds, releases: {got}"
        refund, release = g.ledger("refund", key=noship)[0]["t"], g.ledger("release_stock", key=noship)[0]["t"]
        assert refund <= release, "the stock was released before the payment was refunded"
    with g.check("a refused action is attempted once"):
        got = [n("charge:attempt", declined), n("ship:attempt", noship)]
        assert got == [1, 1], f"attempts at the declined charge, at the refused shipment: {got}"
    with g.check("a transient gateway error is retried without reserving again"):
        assert results[flaky] == {"order_id": flaky, "status": "shipped"}, results[flaky]
        got = [n("charge:attempt", flaky), n("reserve_stock", flaky), n("charge", flaky)]
        assert got == [2, 1, 1], f"charge attempts, reservations, charges: {got}"
    with g.check("no two calls for one customer are in flight at once"):
        mine = [o for o, (customer, _) in orders.items() if customer == busy]
        spans = []
        for order in mine:
            for op in ("reserve_stock", "charge", "ship", "refund", "release_stock"):
                starts = [e["t"] for e in g.ledger("call_start", key=order, op=op)]
                ends = [e["t"] for e in g.ledger("call_end", key=order, op=op)]
                spans += list(zip(starts, ends, strict=False))
        assert len(spans) >= 6, f"only {len(spans)} calls recorded for the customer's orders"
        assert not overlaps(spans), "two calls for one customer's orders were in flight at the same time"
    with g.check("different customers are processed in parallel"):
        spans = [(g.ledger("call_start", key=o, op="reserve_stock")[0]["t"],
                  g.ledger("call_end", key=o, op="reserve_stock")[0]["t"]) for o in others]
        assert overlaps(spans), "the reservations of 3 different customers' orders ran one after the other"
