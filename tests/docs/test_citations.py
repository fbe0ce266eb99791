"""Every test the docs cite as proof exists, so a claim cannot outlive its evidence."""

import ast
import re

from checks import snippets
from checks.catalog import REPO

CITATION = re.compile(r"`(test_[a-z0-9_]+\.py)::(test_\w+)`")


def _defined_tests() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (REPO / "tests").rglob("test_*.py"):
        tree = ast.parse(path.read_text())
        names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}
        found.setdefault(path.name, set()).update(names)
    return found


def test_every_cited_test_exists():
    defined = _defined_tests()
    missing = []
    cited = 0
    for doc in snippets.docs():
        for line_no, line in enumerate(doc.read_text().splitlines(), 1):
            for module, test in CITATION.findall(line):
                cited += 1
                if test not in defined.get(module, set()):
                    missing.append(f"{doc.relative_to(REPO)}:{line_no}: {module}::{test}")
    assert not missing, "cited tests that do not exist:\n" + "\n".join(missing)
    assert cited > 0
