#!/usr/bin/env python3
"""Install the inngest-workflow skill into a coding agent's skills folder.

    python3 scripts/install_skill.py                    # ./.claude/skills/inngest-workflow/ (this project)
    python3 scripts/install_skill.py --project DIR      # DIR/.claude/skills/inngest-workflow/
    python3 scripts/install_skill.py --user             # ~/.claude/skills/inngest-workflow/ (all projects)
    python3 scripts/install_skill.py --dry-run          # print what would change, write nothing

Copies SKILL.md, references/, examples/, scripts/ and kit/ and nothing else (no
caches, tests, checks or mistakes). Idempotent: a second run changes nothing
and says so; files changed in the pack are rewritten; files removed from the
pack are removed from the install. The install keeps a manifest of the files it
wrote (.inngest-workflow-install.json) and never touches files it did not write.

Standard library only: it ships with the skill and runs anywhere Python 3.11 does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent  # the skill: SKILL.md beside scripts/
# What ships: the skill and the kit its scripts and instructions use (`pip install <skill>/kit`).
# plugin/skills/inngest-workflow/ links exactly these; checks/release.py packs them.
INCLUDE = ("SKILL.md", "references", "examples", "scripts", "kit")
SKIP_DIRS = {"__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache", ".venv", "node_modules", "build", "dist"}
SKIP_SUFFIXES = (".pyc", ".pyo", ".swp", "~")
MANIFEST = ".inngest-workflow-install.json"


def skill_name(source: Path = SOURCE) -> str:
    """The `name:` of SKILL.md's front matter (the install folder must carry that name)."""
    text = (source / "SKILL.md").read_text(encoding="utf-8")
    if text.startswith("---"):
        for line in text.split("\n---", 1)[0].splitlines()[1:]:
            key, _, value = line.partition(":")
            if key.strip() == "name" and value.strip():
                return value.strip().strip("\"'")
    raise SystemExit(f"{source / 'SKILL.md'} has no `name:` in its front matter")


def wanted(rel: Path) -> bool:
    parts = rel.parts
    if any(p in SKIP_DIRS or p.startswith(".") or p.endswith(".egg-info") for p in parts):
        return False
    return not rel.name.endswith(SKIP_SUFFIXES)


def skill_files(source: Path = SOURCE) -> dict[str, Path]:
    """Relative POSIX path -> source file, for everything the install holds."""
    files: dict[str, Path] = {}
    for top in INCLUDE:
        path = source / top
        if path.is_file():
            files[top] = path
        elif path.is_dir():
            for f in sorted(path.rglob("*")):
                rel = f.relative_to(source)
                if f.is_file() and not f.is_symlink() and wanted(rel):
                    files[rel.as_posix()] = f
    if "SKILL.md" not in files:
        raise SystemExit(f"no SKILL.md in {source}")
    return files


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plan(source: Path, dest: Path) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """[(action, relative path)] to bring dest in line with source, and the new manifest."""
    files = skill_files(source)
    manifest = {rel: digest(src) for rel, src in files.items()}
    old: dict[str, str] = {}
    if (dest / MANIFEST).is_file():
        try:
            old = json.loads((dest / MANIFEST).read_text(encoding="utf-8")).get("files", {})
        except (ValueError, AttributeError):
            old = {}
    actions: list[tuple[str, str]] = []
    for rel, sha in manifest.items():
        target = dest / rel
        if not target.is_file():
            actions.append(("add", rel))
        elif digest(target) != sha:
            actions.append(("update", rel))
    for rel in sorted(set(old) - set(manifest)):
        if (dest / rel).is_file():
            actions.append(("remove", rel))
    if not actions and old != manifest:
        actions.append(("record", MANIFEST))  # files already right, but no (or a stale) manifest
    return actions, manifest


def apply(source: Path, dest: Path, actions: list[tuple[str, str]], manifest: dict[str, str]) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for action, rel in actions:
        target = dest / rel
        if action == "remove":
            target.unlink()
            # Drop folders the removal left empty, up to the install root.
            parent = target.parent
            while parent != dest and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
        elif action in ("add", "update"):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / rel, target)
    tmp = dest / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps({"skill": dest.name, "source": str(source), "files": manifest}, indent=2) + "\n",
                   encoding="utf-8")
    os.replace(tmp, dest / MANIFEST)


def target_dir(args: argparse.Namespace, name: str) -> Path:
    if args.user:
        return Path.home() / ".claude" / "skills" / name
    return Path(args.project).expanduser().resolve() / ".claude" / "skills" / name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--project", default=".", metavar="DIR",
                       help="install into DIR/.claude/skills/ (default: the current directory)")
    where.add_argument("--user", action="store_true", help="install into ~/.claude/skills/ (every project)")
    parser.add_argument("--dry-run", action="store_true", help="print what would change and write nothing")
    args = parser.parse_args(argv)

    name = skill_name(SOURCE)
    dest = target_dir(args, name)
    if dest.resolve() == SOURCE.resolve():
        print(f"{dest} is the skill's own folder; nothing to do")
        return 0
    actions, manifest = plan(SOURCE, dest)
    verb = "would " if args.dry_run else ""
    for action, rel in actions:
        print(f"  {verb}{action:6} {rel}")
    counts = {a: sum(1 for x, _ in actions if x == a) for a in ("add", "update", "remove", "record")}
    summary = ", ".join(f"{n} {a}" for a, n in counts.items() if n)
    if not actions:
        print(f"{name} is up to date in {dest}: nothing changed ({len(manifest)} files)")
        return 0
    if args.dry_run:
        print(f"dry run: would install {name} into {dest} ({summary}); nothing written")
        return 0
    apply(SOURCE, dest, actions, manifest)
    print(f"installed {name} into {dest} ({summary}; {len(manifest)} files)")
    print(f"the agent loads it as /{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
