"""Where the database lives. Read when a step runs, so tests (and deploys) can change it."""

import os
from dataclasses import dataclass


@dataclass
class Settings:
    db_path: str = os.environ.get("TICKETS_DB_PATH", "tickets.sqlite3")


settings = Settings()
