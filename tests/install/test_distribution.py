"""The install channels, driven by the real tools from the npm registry (`make npm-tools`), each into a
temporary HOME with nothing logged in:

- Claude Code: `claude plugin validate --strict` on the marketplace and the installed plugin;
  `claude plugin marketplace add <clone>` + `claude plugin install`, the installed folder < 5 MB
- the `skills` CLI (`npx skills add <clone>/plugin`): a valid skill in ~/.claude/skills/
- the release archives (checks/release.py): reproducible, a valid skill and a valid plugin

A "clone" here is the repository's tracked files only (what a git clone or GitHub serves), with
their working-tree content: so the tests see uncommitted edits but never .venv/, site/ or caches.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from checks import release, shell_blocks
from inngest_kit.server import cache_root
from scripts import install_skill

REPO = Path(__file__).resolve().parents[2]
NPM_TOOLS = cache_root() / "npm-tools" / "node_modules" / ".bin"
AGENTSKILLS = Path(sys.executable).parent / "agentskills"
SKILL = install_skill.skill_name(REPO)
PLUGIN = json.loads((REPO / "plugin" / ".claude-plugin" / "plugin.json").read_text())["name"]
MARKETPLACE = json.loads((REPO / ".claude-plugin" / "marketplace.json").read_text())["name"]
MAX_PLUGIN_BYTES = 5 * 1024 * 1024


def tool(name: str) -> Path:
    path = NPM_TOOLS / name
    if not path.exists():
        pytest.skip(f"{name} is not installed: run `make npm-tools`")  # a failure under CI (checks/pytest_pack.py)
    return path


def tool_env(home: Path) -> dict[str, str]:
    """A fresh HOME, no credentials of any agent, no telemetry; the npm tools' Node.js 22 first on PATH."""
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "CLAUDE_", "GH_", "GITHUB_"))}
    env.update(HOME=str(home), PATH=f"{NPM_TOOLS}{os.pathsep}{env.get('PATH', '')}", DISABLE_TELEMETRY="1",
               DO_NOT_TRACK="1", CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1", NO_COLOR="1")
    env.pop("XDG_CONFIG_HOME", None)
    return env


def run(cmd: list[str | Path], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, capture_output=True, text=True, timeout=180,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


def tree(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under root (links followed)."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def size_of(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def shipped(pack: Path) -> dict[str, str]:
    return {rel: hashlib.sha256(src.read_bytes()).hexdigest() for rel, src in install_skill.skill_files(pack).items()}


def agentskills_validate(skill_dir: Path) -> None:
    proc = subprocess.run([str(AGENTSKILLS), "validate", str(skill_dir)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"agentskills validate {skill_dir}:\n{proc.stdout}{proc.stderr}"


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """The tracked files (links kept as links), as a clone has them."""
    out = tmp_path_factory.mktemp("clone") / "inngest-workflow"
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    for rel in filter(None, listed.decode().split("\0")):
        src, dst = REPO / rel, out / rel
        if not src.exists() and not src.is_symlink():
            continue  # deleted in the working tree, not yet committed
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            dst.symlink_to(os.readlink(src))
        else:
            shutil.copy2(src, dst)
    return out


@pytest.fixture(scope="module")
def installed_plugin(clone, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """`claude plugin marketplace add <clone>` and `claude plugin install`, into a fresh HOME."""
    claude = tool("claude")
    env = tool_env(tmp_path_factory.mktemp("claude-home"))
    # README.md's commands, as written, from the folder that holds the clone.
    proc = shell_blocks.run(shell_blocks.block("install-as-claude-plugin"), replace={"claude plugin": f"{claude} plugin"},
                            env=env, cwd=clone.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    record = json.loads((Path(env["HOME"]) / ".claude" / "plugins" / "installed_plugins.json").read_text())
    (entry,) = record["plugins"][f"{PLUGIN}@{MARKETPLACE}"]
    return Path(entry["installPath"]), env


def test_the_marketplace_and_the_installed_plugin_pass_strict_validation(clone, installed_plugin):
    claude = tool("claude")
    folder, env = installed_plugin
    for target in (clone, folder):
        proc = run([claude, "plugin", "validate", "--strict", target], env, clone.parent)
        assert "Validation passed" in proc.stdout


def test_the_documented_plugin_install_gives_the_minimal_plugin(clone, installed_plugin):
    """README.md's `claude plugin` commands (block install-as-claude-plugin): only the skill, < 5 MB."""
    folder, _ = installed_plugin
    size = size_of(folder)
    assert size < MAX_PLUGIN_BYTES, f"the installed plugin is {size / 1e6:.1f} MB"
    assert not [p for p in folder.rglob("*") if p.is_symlink()], "links must arrive as files"
    expected = {f"skills/{SKILL}/{rel}": sha for rel, sha in shipped(clone).items()}
    expected |= {rel: sha for rel, sha in tree(clone / "plugin").items() if not rel.startswith("skills/")}
    assert tree(folder) == expected
    assert "MIT License" in (folder / "LICENSE").read_text()
    agentskills_validate(folder / "skills" / SKILL)


def test_the_documented_slash_names_are_the_ones_claude_code_shows(clone, installed_plugin):
    """As a plugin the skill is namespaced by the plugin; installed as a skill it is not."""
    claude = tool("claude")
    folder, env = installed_plugin
    proc = subprocess.run([str(claude), "plugin", "validate", "--json", str(folder)], env=env, capture_output=True,
                          text=True, timeout=60)
    shown = json.loads(proc.stdout)["provides"]["skills"]
    assert shown == [f"{PLUGIN}:{SKILL}"]
    for doc in ("README.md", "docs/use.md", "plugin/README.md"):
        text = (REPO / doc).read_text()
        assert f"/{shown[0]}" in text, f"{doc} does not name the plugin's slash command /{shown[0]}"
    for doc in ("README.md", "docs/use.md"):
        assert re.search(rf"`/{SKILL}`", (REPO / doc).read_text()), f"{doc} does not name /{SKILL}"


def test_skills_cli_installs_a_valid_skill_into_a_fresh_home(clone, tmp_path):
    """README.md's `npx skills add ./inngest-workflow/plugin ...` (block install-with-skills-cli), the pinned CLI."""
    skills = tool("skills")
    env = tool_env(tmp_path / "home")
    proc = shell_blocks.run(shell_blocks.block("install-with-skills-cli"), replace={"npx skills": str(skills)},
                            env=env, cwd=clone.parent)
    assert proc.returncode == 0 and SKILL in proc.stdout, proc.stdout + proc.stderr
    dest = tmp_path / "home" / ".claude" / "skills" / SKILL
    assert (dest / "SKILL.md").is_file(), proc.stdout
    agentskills_validate(dest.resolve())
    assert tree(dest) == shipped(clone), "the skills CLI installed other files than the skill's"
    assert size_of(dest) < MAX_PLUGIN_BYTES


def test_release_archives_are_reproducible_and_unpack_to_a_valid_skill_and_plugin(tmp_path):
    first, second = release.build(tmp_path / "a"), release.build(tmp_path / "b")
    assert [p.name for p in first] == [f"{SKILL}-skill-{release.version()}.zip",
                                       f"{SKILL}-plugin-{release.version()}.zip"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between two builds of the same tree"
    sums = (tmp_path / "a" / "SHA256SUMS").read_text()
    for a in first:
        assert f"{hashlib.sha256(a.read_bytes()).hexdigest()}  {a.name}" in sums
    skill_zip, plugin_zip = first
    with zipfile.ZipFile(skill_zip) as zf:
        zf.extractall(tmp_path / "skill")
    with zipfile.ZipFile(plugin_zip) as zf:
        zf.extractall(tmp_path / "plugin")
    skill_dir, plugin_dir = tmp_path / "skill" / SKILL, tmp_path / "plugin" / SKILL
    agentskills_validate(skill_dir)
    assert tree(skill_dir) == shipped(REPO) | {"LICENSE": hashlib.sha256((REPO / "LICENSE").read_bytes()).hexdigest()}
    assert size_of(plugin_dir) < MAX_PLUGIN_BYTES
    claude = tool("claude")
    run([claude, "plugin", "validate", "--strict", plugin_dir], tool_env(tmp_path / "home"), tmp_path)


def test_release_refuses_disagreeing_versions(monkeypatch, tmp_path):
    real = release.PLUGIN
    fake = tmp_path / "plugin"
    shutil.copytree(real / ".claude-plugin", fake / ".claude-plugin")
    manifest = json.loads((fake / ".claude-plugin" / "plugin.json").read_text())
    manifest["version"] = "9.9.9"
    (fake / ".claude-plugin" / "plugin.json").write_text(json.dumps(manifest))
    monkeypatch.setattr(release, "PLUGIN", fake)
    with pytest.raises(release.ReleaseError, match="versions disagree"):
        release.version()
