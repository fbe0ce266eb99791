"""Batch size and how many batches one run does before it continues in a new run."""

import os
from dataclasses import dataclass


@dataclass
class Settings:
    batch_size: int = int(os.environ.get("MIGRATION_BATCH_SIZE", "500"))
    # Steps per run = batches_per_run + 1 (the continue event), far below the
    # server's limit of 1,000 steps per run, whatever the size of the table.
    batches_per_run: int = int(os.environ.get("MIGRATION_BATCHES_PER_RUN", "100"))


settings = Settings()
