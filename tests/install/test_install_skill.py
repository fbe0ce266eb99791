"""scripts/install_skill.py: the skill installs into an agent's skills folder, validly and idempotently.
Also the plugin manifests (.claude-plugin/) that let the repository be added as a marketplace."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INSTALLER = REPO / "scripts" / "install_skill.py"
AGENTSKILLS = Path(sys.executable).parent / "agentskills"
SKILL_NAME = re.search(r"^name:\s*(\S+)", (REPO / "SKILL.md").read_text(), re.M).group(1)
SHIPPED = ("SKILL.md", "references", "examples", "scripts", "kit")
MANIFEST = ".inngest-workflow-install.json"


def install(*args: str, pack: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, str(pack / "scripts" / "install_skill.py"), *args],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def shipped_files(pack: Path) -> dict[str, bytes]:
    """What the install must hold: the shipped folders, without caches, build output or dot files."""
    out = {}
    for top in SHIPPED:
        path = pack / top
        items = [path] if path.is_file() else sorted(path.rglob("*"))
        for p in items:
            rel = p.relative_to(pack)
            if p.is_file() and "__pycache__" not in rel.parts and not p.name.endswith(".pyc") \
                    and not any(part.startswith(".") or part.endswith(".egg-info") or part in ("build", "dist")
                                for part in rel.parts):
                out[rel.as_posix()] = p.read_bytes()
    return out


def validate(skill_dir: Path) -> None:
    proc = subprocess.run([str(AGENTSKILLS), "validate", str(skill_dir)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"agentskills validate failed:\n{proc.stdout}{proc.stderr}"


def make_pack(tmp_path: Path) -> Path:
    """A copy of the pack's shipped files (plus the clutter a checkout has) to change upstream."""
    pack = tmp_path / "pack"
    for top in SHIPPED:
        src = REPO / top
        if src.is_file():
            pack.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, pack / top)
        else:
            shutil.copytree(src, pack / top, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for clutter in ("tests/test_x.py", "harness/x.py", "mistakes/m/main.py", ".venv/lib/x.py",
                    "examples/approval/__pycache__/main.cpython-311.pyc", "scripts/__pycache__/x.pyc",
                    "references/.notes.md.swp", "examples/approval/__pycache__/notes.txt", "scripts/stale.pyc",
                    "kit/src/inngest_workflow_kit.egg-info/PKG-INFO", "kit/build/lib/x.py"):
        (pack / clutter).parent.mkdir(parents=True, exist_ok=True)
        (pack / clutter).write_text("not part of the skill\n")
    return pack


def test_project_install_holds_exactly_the_skill_and_validates(tmp_path):
    proc = install("--project", str(tmp_path))
    dest = tmp_path / ".claude" / "skills" / SKILL_NAME
    assert dest.name == SKILL_NAME
    assert f"installed {SKILL_NAME}" in proc.stdout
    validate(dest)
    installed = files_under(dest)
    assert installed.pop(MANIFEST)
    assert installed == shipped_files(REPO), "the install differs from the shipped files"
    assert {p.split("/")[0] for p in installed} == set(SHIPPED)
    for forbidden in ("__pycache__", ".pyc", "tests/", "checks/", "mistakes/", ".venv", ".egg-info"):
        assert not [p for p in installed if forbidden in p], f"{forbidden} was installed"


def test_second_run_changes_nothing_and_says_so(tmp_path):
    install("--project", str(tmp_path))
    dest = tmp_path / ".claude" / "skills" / SKILL_NAME
    before = {p: p.stat().st_mtime_ns for p in dest.rglob("*")}
    proc = install("--project", str(tmp_path))
    assert "nothing changed" in proc.stdout
    assert {p: p.stat().st_mtime_ns for p in dest.rglob("*")} == before


def test_upstream_changes_reach_the_install_and_clutter_never_does(tmp_path):
    pack = make_pack(tmp_path)
    project = tmp_path / "project"
    install("--project", str(project), pack=pack)
    dest = project / ".claude" / "skills" / SKILL_NAME
    assert files_under(dest).keys() - {MANIFEST} == shipped_files(pack).keys()
    (dest / "my-notes.md").write_text("a file the user added\n")

    (pack / "references" / "create.md").write_text("# Create\n\nchanged upstream\n")
    shutil.rmtree(pack / "examples" / "lead_routing")
    (pack / "examples" / "approval" / "extra.py").write_text("NEW = 1\n")
    dry = install("--project", str(project), "--dry-run", pack=pack)
    assert "would update references/create.md" in " ".join(dry.stdout.split())
    assert "would remove examples/lead_routing/main.py" in " ".join(dry.stdout.split())
    assert (dest / "examples" / "lead_routing" / "main.py").is_file(), "the dry run wrote"

    proc = install("--project", str(project), pack=pack)
    assert "update" in proc.stdout and "remove" in proc.stdout
    assert (dest / "references" / "create.md").read_text() == "# Create\n\nchanged upstream\n"
    assert not (dest / "examples" / "lead_routing").exists(), "a file removed upstream stayed installed"
    assert (dest / "examples" / "approval" / "extra.py").is_file()
    assert (dest / "my-notes.md").is_file(), "a file the installer did not write was removed"
    assert files_under(dest).keys() - {MANIFEST, "my-notes.md"} == shipped_files(pack).keys()
    validate(dest)
    assert "nothing changed" in install("--project", str(project), pack=pack).stdout


def test_dry_run_writes_nothing(tmp_path):
    proc = install("--project", str(tmp_path), "--dry-run")
    assert "would add" in proc.stdout and "nothing written" in proc.stdout
    assert "SKILL.md" in proc.stdout
    assert not (tmp_path / ".claude").exists()


def test_user_install_goes_to_home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home))
    install("--user", env=env)
    dest = home / ".claude" / "skills" / SKILL_NAME
    assert (dest / "SKILL.md").is_file()
    validate(dest)
    assert "nothing changed" in install("--user", env=env).stdout


def test_installer_and_copier_use_only_the_standard_library():
    for script in ("install_skill.py", "copy_example.py"):
        tree = ast.parse((REPO / "scripts" / script).read_text())
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else []
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top == "__future__", f"{script} imports {name}"


# -- the plugin manifests ------------------------------------------------------------


@pytest.fixture(scope="module")
def plugin() -> dict:
    return json.loads((REPO / "plugin" / ".claude-plugin" / "plugin.json").read_text())


@pytest.fixture(scope="module")
def marketplace() -> dict:
    return json.loads((REPO / ".claude-plugin" / "marketplace.json").read_text())


def test_plugin_manifest(plugin):
    assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", plugin["name"])
    assert plugin["name"] == SKILL_NAME
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert plugin["version"] == version
    assert plugin["description"] and plugin["author"]["name"]
    assert plugin["license"] == "MIT" and (REPO / "LICENSE").read_text().startswith("MIT License")
    assert "skills" not in plugin, "the plugin's skills are in its default folder, skills/"


def test_the_plugin_folder_links_exactly_what_the_installer_ships():
    """plugin/skills/<name>/ is links to the shipped files (installation copies them as files), nothing more."""
    skill_dir = REPO / "plugin" / "skills" / SKILL_NAME
    entries = sorted(p.name for p in skill_dir.iterdir())
    assert entries == sorted(SHIPPED)
    for entry in skill_dir.iterdir():
        assert entry.is_symlink(), f"{entry} must link to the top-level {entry.name}, not copy it"
        assert entry.resolve() == (REPO / entry.name).resolve()
    assert (REPO / "plugin" / "LICENSE").resolve() == (REPO / "LICENSE").resolve()
    assert (REPO / "plugin" / "README.md").is_file()
    others = {p.relative_to(REPO / "plugin").as_posix() for p in (REPO / "plugin").rglob("*")
              if not p.relative_to(REPO / "plugin").as_posix().startswith("skills/")}
    assert others == {".claude-plugin", ".claude-plugin/plugin.json", "LICENSE", "README.md", "skills"}


def test_marketplace_manifest(marketplace, plugin):
    assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*", marketplace["name"])
    assert marketplace["owner"]["name"]
    assert isinstance(marketplace["plugins"], list) and marketplace["plugins"]
    for entry in marketplace["plugins"]:
        assert entry["name"] and entry["description"]
        source = entry["source"]
        assert isinstance(source, str) and source.startswith("./"), source
        root = (REPO / source).resolve()
        assert root.is_dir() and (root / ".claude-plugin" / "plugin.json").is_file()
        manifest = json.loads((root / ".claude-plugin" / "plugin.json").read_text())
        assert manifest["name"] == entry["name"]
        for path in entry.get("skills", []):
            assert (root / path / "SKILL.md").is_file()
    assert plugin["name"] in {p["name"] for p in marketplace["plugins"]}
