"""SKILL.md passes the Agent Skills reference validator and stays within its limits."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from checks.catalog import REPO

VALIDATOR = Path(sys.executable).with_name("agentskills")  # from the `skills-ref` package


def _validate(skill_md: str, tmp_path: Path) -> subprocess.CompletedProcess:
    # The validator requires the folder name to equal the skill's name.
    folder = tmp_path / "inngest-workflow"
    folder.mkdir()
    (folder / "SKILL.md").write_text(skill_md)
    shutil.copytree(REPO / "references", folder / "references")
    return subprocess.run([str(VALIDATOR), "validate", str(folder)], capture_output=True, text=True)


def test_skill_md_passes_the_agent_skills_validator(tmp_path):
    proc = _validate((REPO / "SKILL.md").read_text(), tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_validator_really_checks(tmp_path):
    broken = (REPO / "SKILL.md").read_text().replace("name: inngest-workflow", "name: Inngest Workflow!")
    assert _validate(broken, tmp_path).returncode != 0


def test_skill_md_limits():
    text = (REPO / "SKILL.md").read_text()
    front = re.match(r"^---\n(.*?)\n---\n", text, re.S).group(1)
    description = re.search(r"^description: (.*)$", front, re.M).group(1)
    assert 1 <= len(description) <= 1024 and "<" not in description and ">" not in description
    assert len(text.splitlines()) < 500


def test_references_are_one_level_deep_and_long_ones_have_a_toc():
    skill = (REPO / "SKILL.md").read_text()
    for ref in sorted((REPO / "references").glob("*.md")):
        assert f"references/{ref.name}" in skill, f"SKILL.md does not route to {ref.name}"
        text = ref.read_text()
        assert "](references/" not in text, f"{ref.name} links deeper instead of back to SKILL.md"
        if len(text.splitlines()) > 300:
            head = "\n".join(text.splitlines()[:40]).lower()
            assert "contents" in head, f"{ref.name} has over 300 lines and no table of contents at the top"
