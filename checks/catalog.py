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
MISTAKES = REPO / "mistakes"


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


@dataclass(frozen=True)
class Mistake:
    """A claim of the usual guidance, checked: what the seed says, what really
    happens (proven by `test_module`), and where the right form lives."""

    name: str
    title: str
    seed_claim: str
    reality: str
    test_module: str
    right_form: str  # "path#region"
    seeds: tuple[SeedRef, ...]
    verdict: str  # "wrong" (the usual case) or "correct" (the seed was checked and holds)

    @property
    def path(self) -> Path:
        return MISTAKES / self.name


def load_mistake(name: str) -> Mistake:
    raw = tomllib.loads((MISTAKES / name / "mistake.toml").read_text())
    return Mistake(
        name=name,
        title=raw["title"],
        seed_claim=raw["seed_claim"],
        reality=raw["reality"],
        test_module=raw["tests"],
        right_form=raw["right_form"],
        seeds=tuple(SeedRef(s["file"], s["heading"]) for s in raw.get("seeds", [])),
        verdict=raw.get("verdict", "wrong"),
    )


def all_mistakes() -> list[Mistake]:
    return [load_mistake(p.parent.name) for p in sorted(MISTAKES.glob("*/mistake.toml"))]
