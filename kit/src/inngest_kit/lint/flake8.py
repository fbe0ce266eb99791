"""flake8 plugin: the static rules of inngest-lint as flake8 checks (codes INN001...).

Registered as the `flake8.extension` entry point `INN`; run `flake8 --select INN .`.
Only the static layer runs inside flake8 (it sees one file's tree; nothing is imported).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from .rules import ALL_RULE_IDS
from .static import lint_source


class Plugin:
    name = "inngest-lint"
    version = "0.1.0"

    def __init__(self, tree: ast.AST, filename: str = "<stdin>", lines: list[str] | None = None) -> None:
        self.filename = filename
        self.lines = lines

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        source = "".join(self.lines) if self.lines is not None else open(self.filename, encoding="utf-8").read()
        for f in lint_source(source, self.filename, ALL_RULE_IDS):
            yield f.line, f.col - 1, f"{f.rule} {f.message} (fix: {f.hint})", type(self)
