"""Stand-in search index: records every re-index with the revision it indexed and when."""

import time
from collections import Counter

ledger: Counter = Counter()  # (document_id, action) -> count
indexed: list[dict] = []  # {"document_id", "revision", "at": unix seconds}


async def reindex(document_id: str, revision: int) -> dict:
    ledger[(document_id, "reindex")] += 1
    indexed.append({"document_id": document_id, "revision": revision, "at": time.time()})
    return {"document_id": document_id, "indexed_revision": revision}
