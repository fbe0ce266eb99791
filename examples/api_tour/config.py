import datetime
from dataclasses import dataclass


@dataclass
class Settings:
    pause: datetime.timedelta = datetime.timedelta(hours=1)
    reply_timeout: datetime.timedelta = datetime.timedelta(days=2)
    # sleep_until target: this long after the triggering event was sent.
    follow_up_after: datetime.timedelta = datetime.timedelta(days=1)


settings = Settings()
