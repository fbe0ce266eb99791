#!/usr/bin/env python3
"""inngest-lint from a checkout of this repository: runs the kit's linter (kit/src/inngest_kit/lint).

Installed with the kit (`pip install inngest-workflow-kit`), the same linter is the
`inngest-lint` command and `inngest-kit lint`; this script only finds the kit's
source next to it when the kit is not installed.
"""

import sys
from pathlib import Path

try:
    from inngest_kit.lint.cli import main
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "kit" / "src"))
    from inngest_kit.lint.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="inngest_lint.py"))
