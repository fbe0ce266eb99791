"""Stand-in warehouse: records every bulk load, which rows it held and when it ran."""

import time
from collections import Counter

ledger: Counter = Counter()  # (account_id, action) -> count
loads: list[dict] = []  # {"account_id", "seqs", "at": unix seconds}


async def load_rows(account_id: str, seqs: list[int]) -> dict:
    ledger[(account_id, "load")] += 1
    loads.append({"account_id": account_id, "seqs": list(seqs), "at": time.time()})
    return {"account_id": account_id, "rows_loaded": len(seqs)}
