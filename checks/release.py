"""Build the versioned release archives of the skill: `python -m checks.release` (or `make release`).

    dist/inngest-workflow-skill-<version>.zip    inngest-workflow/: the skill folder (SKILL.md, references/,
                                                 examples/, scripts/, kit/, LICENSE); unzip it into any
                                                 agent's skills folder
    dist/inngest-workflow-plugin-<version>.zip   inngest-workflow/: the Claude Code plugin folder
                                                 (.claude-plugin/plugin.json, README.md, LICENSE, skills/)
                                                 with real files where the repository's plugin/ has links
    dist/SHA256SUMS

The files are exactly those scripts/install_skill.py installs (one definition of what ships).
The version is plugin/.claude-plugin/plugin.json's, which must equal pyproject.toml's and the
kit's. The archives are reproducible: sorted entries, fixed timestamps and modes, so the same
tree gives the same bytes (and the same checksums) on every machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tomllib
import zipfile
from pathlib import Path

from scripts import install_skill

REPO = Path(__file__).resolve().parent.parent
PLUGIN = REPO / "plugin"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say; any fixed value makes builds reproducible


class ReleaseError(RuntimeError):
    pass


def version() -> str:
    """The release version; every manifest that states one must agree."""
    stated = {
        "plugin/.claude-plugin/plugin.json": json.loads((PLUGIN / ".claude-plugin" / "plugin.json").read_text())["version"],
        "pyproject.toml": tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"],
        "kit/pyproject.toml": tomllib.loads((REPO / "kit" / "pyproject.toml").read_text())["project"]["version"],
    }
    if len(set(stated.values())) != 1:
        raise ReleaseError(f"versions disagree: {stated}")
    return next(iter(stated.values()))


def skill_entries() -> dict[str, Path]:
    """Archive path (under the skill's folder) -> source file."""
    files = install_skill.skill_files(REPO)
    files["LICENSE"] = REPO / "LICENSE"
    return files


def plugin_entries() -> dict[str, Path]:
    """The plugin folder as an installed plugin holds it: links in plugin/ resolved to the files they name."""
    name = install_skill.skill_name(REPO)
    files = {f"skills/{name}/{rel}": src for rel, src in install_skill.skill_files(REPO).items()}
    for path in sorted(PLUGIN.rglob("*")):
        rel = path.relative_to(PLUGIN)
        if rel.parts[0] != "skills" and path.is_file():
            files[rel.as_posix()] = path.resolve()
    return files


def write_zip(target: Path, top: str, entries: dict[str, Path]) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".partial")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for rel in sorted(entries):
            src = entries[rel]
            info = zipfile.ZipInfo(f"{top}/{rel}", date_time=ZIP_TIME)
            executable = src.stat().st_mode & 0o111
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, src.read_bytes())
    tmp.replace(target)
    return target


def build(out: Path) -> list[Path]:
    v = version()
    name = install_skill.skill_name(REPO)
    archives = [
        write_zip(out / f"{name}-skill-{v}.zip", name, skill_entries()),
        write_zip(out / f"{name}-plugin-{v}.zip", name, plugin_entries()),
    ]
    sums = "".join(f"{hashlib.sha256(a.read_bytes()).hexdigest()}  {a.name}\n" for a in archives)
    (out / "SHA256SUMS").write_text(sums)
    return archives


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "dist", help="where the archives go (default: dist/)")
    args = parser.parse_args(argv)
    try:
        archives = build(args.out)
    except ReleaseError as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 1
    for a in archives:
        with zipfile.ZipFile(a) as zf:
            n = len(zf.namelist())
        print(f"{a}  ({n} files, {a.stat().st_size / 1e6:.2f} MB)")
    print(args.out / "SHA256SUMS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
