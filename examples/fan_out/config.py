"""Where the batch progress store lives, and the fan-out limits."""

import os
from dataclasses import dataclass


@dataclass
class Settings:
    # The SQLite file that records which items of a batch are done. Every worker
    # (in any process) must see the same file; in production use your database.
    db_path: str = os.environ.get("MEDIA_BATCH_DB", "media_batches.sqlite3")
    # Above this many items, use events + the completion store, not invoke in parallel.
    max_parallel_invokes: int = 50


settings = Settings()
