"""Keep every Python block in SKILL.md and references/ identical to a region of a tested file.

In the markdown, each ```python block is preceded by a marker naming its source:

    <!-- snippet: examples/approval/functions.py#approve_expense -->
    ```python
    ...
    ```

In the source, the region is delimited the way pymdownx.snippets delimits sections:

    # --8<-- [start:approve_expense]
    ...
    # --8<-- [end:approve_expense]

Markers of other regions nested inside are dropped; the region is dedented.
The markdown keeps the code inline because agents read these files raw.

Tables that restate records are generated the same way, between
`<!-- generated: NAME -->` and `<!-- end generated -->` (see GENERATORS):
the examples index from examples/*/example.toml, the mistakes table from
mistakes/*/mistake.toml, the linter's rules from `inngest-lint --list-rules`
(inngest_kit.lint).

    python -m checks.snippets --check   # exit 1 and list drift (what the test runs)
    python -m checks.snippets --write   # rewrite the blocks from their sources
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC_FILES = ("SKILL.md", "references/*.md")

MARKER = re.compile(r"^<!-- snippet: (?P<path>[^#\s]+)#(?P<region>[\w.-]+) -->\s*$")
REGION_LINE = re.compile(r"^\s*# --8<-- \[(start|end):[\w.-]+\]\s*$")
FENCE_OPEN = re.compile(r"^```python\s*$")


GENERATED = re.compile(r"^<!-- generated: (?P<name>[\w-]+) -->\s*$")
GENERATED_END = "<!-- end generated -->"


class SnippetError(Exception):
    pass


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _examples_index(repo: Path) -> str:
    from . import catalog

    rows = ["| example | what it shows | proven by |", "| --- | --- | --- |"]
    for ex in catalog.all_examples():
        shows = "; ".join(p.title for p in ex.patterns)
        rows.append(f"| `examples/{ex.name}/` | {_cell(ex.title)}: {_cell(shows)} | `{ex.test_module}` |")
    return "\n".join(rows) + "\n"


def _examples_list(repo: Path) -> str:
    """One line per example (for SKILL.md, where context is precious)."""
    from . import catalog

    return "".join(f"- `examples/{ex.name}/` — {_cell(ex.title)}\n" for ex in catalog.all_examples())


def _mistakes_table(repo: Path) -> str:
    from . import catalog

    rows = ["| the usual guidance says | what really happens (pinned SDK and server) | right form | proven by |",
            "| --- | --- | --- | --- |"]
    for m in catalog.all_mistakes():
        if m.verdict != "wrong":
            continue
        rows.append(f"| {_cell(m.seed_claim)} | {_cell(m.reality)} | `{m.right_form}` | `{m.test_module}` |")
    return "\n".join(rows) + "\n"


def _lint_rules(repo: Path) -> str:
    from inngest_kit.lint.cli import rules_table

    return rules_table().strip("\n") + "\n"


GENERATORS = {"examples-index": _examples_index, "examples-list": _examples_list, "mistakes-table": _mistakes_table, "lint-rules": _lint_rules}


@dataclass
class Block:
    doc: Path
    line: int  # 1-based line of the opening fence
    source: str | None  # "path#region", None when the block has no marker
    code: str


def docs(repo: Path = REPO) -> list[Path]:
    out: list[Path] = []
    for pattern in DOC_FILES:
        out += sorted(repo.glob(pattern))
    return out


def region(repo: Path, ref: str) -> str:
    path, name = ref.split("#", 1)
    src = repo / path
    if not src.is_file():
        raise SnippetError(f"{ref}: no file {path}")
    lines = src.read_text().splitlines()
    start = f"# --8<-- [start:{name}]"
    end = f"# --8<-- [end:{name}]"
    try:
        i = next(n for n, ln in enumerate(lines) if ln.strip() == start)
        j = next(n for n, ln in enumerate(lines) if n > i and ln.strip() == end)
    except StopIteration:
        raise SnippetError(f"{ref}: region markers [start:{name}]/[end:{name}] not found in {path}") from None
    body = [ln for ln in lines[i + 1 : j] if not REGION_LINE.match(ln)]
    return textwrap.dedent("\n".join(body)).strip("\n") + "\n"


def blocks(doc: Path) -> list[Block]:
    lines = doc.read_text().splitlines()
    found: list[Block] = []
    n = 0
    while n < len(lines):
        if FENCE_OPEN.match(lines[n]):
            prev = next((lines[k] for k in range(n - 1, -1, -1) if lines[k].strip()), "")
            m = MARKER.match(prev)
            close = next((k for k in range(n + 1, len(lines)) if lines[k].startswith("```")), None)
            if close is None:
                raise SnippetError(f"{doc}:{n + 1}: unclosed python block")
            code = "\n".join(lines[n + 1 : close]) + "\n"
            found.append(Block(doc, n + 1, f"{m['path']}#{m['region']}" if m else None, code))
            n = close
        n += 1
    return found


def sync(doc: Path, repo: Path = REPO) -> str:
    """The document's text with every marked block replaced by its source region
    and every generated block regenerated."""
    lines = doc.read_text().splitlines(keepends=True)
    out: list[str] = []
    n = 0
    pending: str | None = None
    while n < len(lines):
        ln = lines[n]
        g = GENERATED.match(ln.rstrip("\n"))
        if g:
            end = next((k for k in range(n + 1, len(lines)) if lines[k].strip() == GENERATED_END), None)
            if end is None:
                raise SnippetError(f"{doc}:{n + 1}: generated block without {GENERATED_END}")
            out.append(ln)
            out.append(generate(g["name"], repo))
            out.append(lines[end])
            n = end + 1
            continue
        m = MARKER.match(ln.rstrip("\n"))
        if m:
            pending = f"{m['path']}#{m['region']}"
        if FENCE_OPEN.match(ln.rstrip("\n")) and pending:
            out.append(ln)
            close = next(k for k in range(n + 1, len(lines)) if lines[k].startswith("```"))
            out.append(region(repo, pending))
            out.append(lines[close])
            n = close + 1
            pending = None
            continue
        if ln.strip() and not m:
            pending = None
        out.append(ln)
        n += 1
    return "".join(out)


def generate(name: str, repo: Path = REPO) -> str:
    if name not in GENERATORS:
        raise SnippetError(f"unknown generated block {name!r} (known: {sorted(GENERATORS)})")
    return GENERATORS[name](repo)


def generated_blocks(doc: Path) -> list[tuple[int, str, str]]:
    """(line, name, current content) of each generated block in a document."""
    lines = doc.read_text().splitlines(keepends=True)
    found = []
    for n, ln in enumerate(lines):
        g = GENERATED.match(ln.rstrip("\n"))
        if g:
            end = next((k for k in range(n + 1, len(lines)) if lines[k].strip() == GENERATED_END), len(lines))
            found.append((n + 1, g["name"], "".join(lines[n + 1 : end])))
    return found


def check(repo: Path = REPO) -> list[str]:
    problems: list[str] = []
    for doc in docs(repo):
        rel = doc.relative_to(repo)
        for line, name, content in generated_blocks(doc):
            try:
                if content != generate(name, repo):
                    problems.append(f"{rel}:{line}: generated block {name!r} is stale (run python -m checks.snippets --write)")
            except SnippetError as exc:
                problems.append(f"{rel}:{line}: {exc}")
        for b in blocks(doc):
            if b.source is None:
                problems.append(f"{rel}:{b.line}: python block has no <!-- snippet: path#region --> marker")
                continue
            try:
                want = region(repo, b.source)
            except SnippetError as exc:
                problems.append(f"{rel}:{b.line}: {exc}")
                continue
            if b.code != want:
                problems.append(f"{rel}:{b.line}: block differs from {b.source} (run python -m checks.snippets --write)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--check", action="store_true")
    group.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    if args.write:
        for doc in docs():
            new = sync(doc)
            if new != doc.read_text():
                doc.write_text(new)
                print(f"updated {doc.relative_to(REPO)}")
    problems = check()
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
