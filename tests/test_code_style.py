"""The repository's Python passes ruff (config in pyproject.toml)."""

import subprocess
import sys

from checks.catalog import REPO


def test_ruff_is_clean():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
