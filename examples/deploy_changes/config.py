"""The "deploy": flags a test flips while a run sleeps, as a new release would."""

import datetime
from dataclasses import dataclass


@dataclass
class Settings:
    welcome_pause: datetime.timedelta = datetime.timedelta(days=1)
    # Release 2 adds a survey step between the welcome email and the pause.
    add_survey_step: bool = False
    # Release 3 renames "send-welcome" to "send-welcome-email".
    rename_welcome_step: bool = False


settings = Settings()
