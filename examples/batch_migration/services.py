"""Stand-ins for the legacy table (source) and the new store (target)."""

from collections import Counter

ledger: Counter = Counter()  # (migration_id, action) -> count
faults: Counter = Counter()  # (migration_id, action) -> how many calls fail first (tests, demos)

legacy_tables: dict[str, list[dict]] = {}  # table name -> rows, in primary-key order
target: dict[str, dict[str, dict]] = {}  # migration_id -> {row id: migrated row}
writes: Counter = Counter()  # (migration_id, row id) -> times written


class TransientError(Exception):
    pass


async def copy_batch(migration_id: str, table: str, cursor: int, size: int) -> dict:
    """Copy rows [cursor, cursor + size) and return the next cursor (None at the end)."""
    action = f"copy-batch-{cursor}"
    if faults[(migration_id, action)] > 0:
        faults[(migration_id, action)] -= 1
        raise TransientError(f"target store unavailable during {action} (injected)")
    rows = legacy_tables[table][cursor : cursor + size]
    store = target.setdefault(migration_id, {})
    for row in rows:
        store[row["id"]] = {**row, "email": row["email"].lower()}  # an upsert: safe to repeat
        writes[(migration_id, row["id"])] += 1
    ledger[(migration_id, action)] += 1
    end = cursor + len(rows)
    return {"copied": len(rows), "next_cursor": end if end < len(legacy_tables[table]) else None}


async def finalize(migration_id: str) -> dict:
    ledger[(migration_id, "finalize")] += 1
    return {"rows": len(target.get(migration_id, {}))}
