"""Fenced shell blocks in the pack's Markdown, and what vouches for each.

Every ```bash / ```sh / ```shell / ```console block in a tracked Markdown file
is preceded (on the line before, blank lines allowed) by one of:

    <!-- shell: ID run-by: tests/path/test_file.py::test_name -->
    <!-- not-run: <why it cannot run in a test> -->

A `run-by` test fetches the block's text with `block("ID")` and executes it
(`run`), so the docs and the test cannot drift apart: edit the block and the
test runs the new text. tests/docs/test_shell_blocks.py enforces the markers,
that cited tests exist, and that each cited test names its block's ID.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHELL_LANGS = {"bash", "sh", "shell", "console"}
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)")
_RUN_BY = re.compile(r"<!--\s*shell:\s*(?P<id>[\w.-]+)\s+run-by:\s*(?P<test>\S+::\w+)\s*-->")
_NOT_RUN = re.compile(r"<!--\s*not-run:\s*(?P<why>.*?)\s*-->")


@dataclass(frozen=True)
class ShellBlock:
    doc: Path
    line: int  # 1-based line of the opening fence
    lang: str
    text: str
    block_id: str | None = None
    run_by: str | None = None  # "tests/...py::test_name"
    not_run: str | None = None  # the reason

    @property
    def where(self) -> str:
        return f"{self.doc.relative_to(REPO)}:{self.line}"


def markdown_files(repo: Path = REPO) -> list[Path]:
    """Tracked Markdown (git ls-files), or every .md outside build/cache folders without git."""
    try:
        out = subprocess.run(["git", "ls-files", "*.md", "**/*.md"], cwd=repo, capture_output=True, text=True,
                             check=True).stdout
        files = sorted({repo / line for line in out.splitlines() if line})
    except (OSError, subprocess.CalledProcessError):
        skip = {".venv", "site", "node_modules", ".git", "reports"}
        files = sorted(p for p in repo.rglob("*.md") if not skip & set(p.relative_to(repo).parts))
    # Not through links: plugin/skills/<name>/ links to SKILL.md and references/, checked where they live.
    return [f for f in files if f.is_file() and not any(p.is_symlink() for p in [f, *f.parents] if repo in p.parents)]


def blocks_in(doc: Path) -> list[ShellBlock]:
    lines = doc.read_text().splitlines()
    found: list[ShellBlock] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang = m.group(2), m.group(3).lower()
        start = i
        i += 1
        body = []
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i])
            i += 1
        i += 1  # past the closing fence
        if lang not in SHELL_LANGS:
            continue
        marker = ""
        j = start - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        if j >= 0:
            marker = lines[j]
        run_by, not_run = _RUN_BY.search(marker), _NOT_RUN.search(marker)
        indent = len(m.group(1))
        found.append(ShellBlock(
            doc=doc, line=start + 1, lang=lang, text="\n".join(ln[indent:] for ln in body) + "\n",
            block_id=run_by.group("id") if run_by else None,
            run_by=run_by.group("test") if run_by else None,
            not_run=not_run.group("why") if not_run else None,
        ))
    return found


def all_blocks(repo: Path = REPO) -> list[ShellBlock]:
    return [b for doc in markdown_files(repo) for b in blocks_in(doc)]


def block(block_id: str, repo: Path = REPO) -> ShellBlock:
    """The block marked `<!-- shell: block_id run-by: ... -->` (exactly one must exist)."""
    matches = [b for b in all_blocks(repo) if b.block_id == block_id]
    if len(matches) != 1:
        raise LookupError(f"{len(matches)} shell blocks have the id {block_id!r}")
    return matches[0]


def run(shell_block: ShellBlock, *, replace: dict[str, str] | None = None, env: dict[str, str] | None = None,
        cwd: Path | str | None = None, timeout_s: float = 120.0) -> subprocess.CompletedProcess:
    """Run the block with bash (-e: the first failing command fails it), as documented.

    `replace` substitutes literal strings (e.g. the documented port 8288 for the
    test server's port): the only liberty a test may take with the text.
    """
    text = shell_block.text
    for old, new in (replace or {}).items():
        if old not in text:
            raise ValueError(f"{shell_block.where}: {old!r} is not in the block, nothing to replace")
        text = text.replace(old, new)
    merged = {**os.environ, **(env or {})}
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", text], cwd=cwd or REPO, env=merged,
                          capture_output=True, text=True, timeout=timeout_s)
