"""The example records (examples/<name>/example.toml): which patterns each
example shows, which seed sections it answers, which tests prove it.

Docs pages, the validation report and the record checks all read this, so
nothing about an example is written down twice.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


@dataclass(frozen=True)
class Pattern:
    id: str
    title: str
    tests: tuple[str, ...]  # test function names in the example's test module


@dataclass(frozen=True)
class SeedRef:
    file: str
    heading: str


@dataclass(frozen=True)
class Example:
    name: str  # folder name under examples/
    title: str
    summary: str
    test_module: str  # path relative to the repo
    patterns: tuple[Pattern, ...]
    seeds: tuple[SeedRef, ...]

    @property
    def path(self) -> Path:
        return EXAMPLES / self.name

    def test_nodeid(self, test: str) -> str:
        return f"{self.test_module}::{test}"


def load(name: str) -> Example:
    raw = tomllib.loads((EXAMPLES / name / "example.toml").read_text())
    return Example(
        name=name,
        title=raw["title"],
        summary=raw["summary"],
        test_module=raw["tests"],
        patterns=tuple(Pattern(p["id"], p["title"], tuple(p["tests"])) for p in raw.get("patterns", [])),
        seeds=tuple(SeedRef(s["file"], s["heading"]) for s in raw.get("seeds", [])),
    )


def all_examples() -> list[Example]:
    return [load(p.parent.name) for p in sorted(EXAMPLES.glob("*/example.toml"))]
