"""The loop's bound, read at run time."""

import os
from dataclasses import dataclass


@dataclass
class Settings:
    # Each iteration costs two steps (think + act), so a run stays far below
    # the 1,000-step limit; it also caps what one task can spend on the LLM.
    max_iterations: int = int(os.environ.get("AGENT_MAX_ITERATIONS", "8"))


settings = Settings()
