"""Grades search_reindex: one reindex per burst, at the last version, after the quiet period, per product."""

import time

from evals.grading.framework import Grader
from evals.grading.kit import unique

QUIET_S = 2
EVENT = "catalog/product.updated"


def grade(g: Grader) -> None:
    g.start_app({"REINDEX_QUIET_S": str(QUIET_S)})
    busy, other, quoted = unique("prod-busy"), unique("prod-other"), unique("prod-\"o'q\"")
    last_save = {}
    # Interleaved bursts: busy 1..5, other 1..3, quoted 1..2, 0.3 s apart.
    schedule = [(busy, 1), (other, 1), (busy, 2), (quoted, 1), (busy, 3), (other, 2), (busy, 4), (quoted, 2),
                (other, 3), (busy, 5)]
    for product, version in schedule:
        last_save[product] = time.time()  # the quiet period starts no earlier than this
        g.api.send(EVENT, {"product_id": product, "version": version})
        time.sleep(0.3)
    final = {busy: 5, other: 3, quoted: 2}

    def indexed(product: str) -> list[dict]:
        return g.ledger("reindex", key=product)

    g.wait_until(lambda: all(indexed(p) for p in final), QUIET_S + 12)
    g.wait_until(lambda: False, 1.5)  # a second reindex of a burst would come now
    with g.check("a burst of saves is indexed once"):
        assert len(indexed(busy)) == 1, f"{len(indexed(busy))} reindexes of 5 saves"
    with g.check("the index gets the last version of the burst"):
        assert [e["version"] for e in indexed(busy)][-1:] == [5], [e["version"] for e in indexed(busy)]
    with g.check("indexing waits REINDEX_QUIET_S after the last save"):
        early = indexed(busy)[0]["t"] - last_save[busy]
        assert early >= QUIET_S - 0.2, f"indexed {early:.1f} s after the last save"
    with g.check("products do not suppress each other"):
        got = [[e["version"] for e in indexed(p)] for p in (other, quoted)]
        assert got == [[3], [2]], f"versions indexed for the other products: {got}"
    with g.check("product ids with quotes are indexed"):
        assert [e["version"] for e in indexed(quoted)] == [2], [e["version"] for e in indexed(quoted)]
