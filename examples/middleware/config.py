"""How long the stand-in summarizer takes (tests set a fraction of a second)."""

import os
from dataclasses import dataclass


@dataclass
class Settings:
    summarize_seconds: float = float(os.environ.get("MIDDLEWARE_SUMMARIZE_S", "0.5"))


settings = Settings()
