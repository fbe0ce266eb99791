"""Stand-ins for the source system, the warehouse and the lineage catalog."""

from collections import Counter

ledger: Counter = Counter()  # (job_id, action) -> count
# Fault injection for tests and demos: (job_id, action) -> how many calls fail first.
faults: Counter = Counter()


class TransientError(Exception):
    pass


def _maybe_fail(job_id: str, action: str) -> None:
    if faults[(job_id, action)] > 0:
        faults[(job_id, action)] -= 1
        raise TransientError(f"{action} failed for {job_id} (injected)")


async def extract(job_id: str, source: str) -> dict:
    ledger[(job_id, "extract")] += 1
    return {"source": source, "rows": [{"sku": f"{source}-{i}", "cents": 250 * (i + 1)} for i in range(3)]}


async def record_lineage(job_id: str, stage: str) -> dict:
    _maybe_fail(job_id, f"record-lineage-{stage}")
    ledger[(job_id, f"record-lineage-{stage}")] += 1
    return {"stage": stage}


async def transform(job_id: str, rows: list[dict]) -> dict:
    ledger[(job_id, "transform")] += 1
    return {"rows": [{"sku": r["sku"], "dollars": r["cents"] / 100} for r in rows]}


async def load(job_id: str, rows: list[dict]) -> dict:
    ledger[(job_id, "load")] += 1
    return {"table": "analytics.prices", "loaded": len(rows)}
