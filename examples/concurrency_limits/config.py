"""Flow-control limits. Unlike durations read by a step, these are *registration*
config: read when functions.py is imported and sent to the server on sync, so
changing one means a redeploy (and a re-sync), not a settings change at run time."""

import os
from dataclasses import dataclass


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


@dataclass
class Settings:
    # The report renderer is heavy: at most this many renders at once, across all customers.
    render_slots: int = _int("CONCURRENCY_RENDER_SLOTS", 2)
    # The CRM allows one sync session per account at a time.
    syncs_per_account: int = _int("CONCURRENCY_SYNCS_PER_ACCOUNT", 1)
    # Ledger exports: a shared warehouse connection pool, and one export per account.
    export_slots: int = _int("CONCURRENCY_EXPORT_SLOTS", 2)
    exports_per_account: int = _int("CONCURRENCY_EXPORTS_PER_ACCOUNT", 1)


settings = Settings()
