"""How long the stand-in price lookup blocks (tests shorten it)."""

import os
from dataclasses import dataclass


@dataclass
class Settings:
    price_lookup_seconds: float = float(os.environ.get("SYNC_PRICE_LOOKUP_S", "1.0"))


settings = Settings()
