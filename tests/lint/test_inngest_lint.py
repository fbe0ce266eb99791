"""scripts/inngest_lint.py: every rule on its fixtures, the CLI contract, the examples
(clean), the seed documents (the mistakes it must find) and the embedded SDK surface.

Fast and offline: no server. Fixtures live in tests/lint/fixtures/<RULE>_bad.py (each
expected finding marked on its line with `# expect: RULE [RULE...]`) and <RULE>_good.py
(no finding at all).
"""

from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import re
import subprocess
import sys
from collections import Counter

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "inngest_lint.py"
FIXTURES = pathlib.Path(__file__).parent / "fixtures"
SEEDS = pathlib.Path(os.environ.get("INNGEST_WORKFLOW_SEEDS", REPO.parent / "shared" / "seeds"))


def _load_linter():
    spec = importlib.util.spec_from_file_location("inngest_lint", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["inngest_lint"] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


lint = _load_linter()
RULE_IDS = list(lint.RULES)
EXPECT = re.compile(r"#\s*expect:\s*((?:INN\d{3}\s*)+)")


def run_cli(*args: str, cwd: pathlib.Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def expected_findings(path: pathlib.Path) -> Counter:
    expected: Counter = Counter()
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            for rule in match.group(1).split():
                expected[(rule, number)] += 1
    return expected


def found(path: pathlib.Path) -> Counter:
    return Counter((f.rule, f.line) for f in lint.lint_source(path.read_text(), str(path)))


# --- rules on their fixtures -------------------------------------------------

def test_every_rule_has_both_fixtures():
    on_disk = {p.name for p in FIXTURES.glob("INN*.py")}
    wanted = {f"{rule}_{kind}.py" for rule in RULE_IDS for kind in ("bad", "good")}
    assert on_disk == wanted


@pytest.mark.parametrize("rule", RULE_IDS)
def test_bad_fixture_gives_exactly_the_marked_findings(rule):
    path = FIXTURES / f"{rule}_bad.py"
    expected = expected_findings(path)
    assert any(r == rule for r, _ in expected), "the fixture must show its own rule"
    assert found(path) == expected


@pytest.mark.parametrize("rule", RULE_IDS)
def test_good_fixture_is_clean(rule):
    path = FIXTURES / f"{rule}_good.py"
    assert found(path) == Counter()


def test_findings_carry_message_and_hint():
    for f in lint.lint_source((FIXTURES / "INN005_bad.py").read_text(), "x.py"):
        assert f.message and f.hint
    hints = {f.line: f.hint for f in lint.lint_source((FIXTURES / "INN005_bad.py").read_text(), "x.py")}
    assert hints[22] == "`datetime.timedelta(days=1)`"  # step.sleep("wait-1-day", "1d")


# --- CLI ---------------------------------------------------------------------

def test_exit_0_when_clean():
    proc = run_cli(str(FIXTURES / "INN001_good.py"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""


def test_exit_1_with_findings_in_the_documented_format():
    path = FIXTURES / "INN010_bad.py"
    proc = run_cli(str(path))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 2
    assert re.fullmatch(rf"{re.escape(str(path))}:12:11: INN010 .+ \(fix: .+\)", lines[0]), lines[0]


def test_folders_are_walked_and_skip_virtualenvs(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "bad.py").write_text("from inngest.errors import NonRetriableError\n")
    for skipped in (".venv", "venv", "node_modules", "__pycache__", ".git"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "bad.py").write_text("from inngest.errors import NonRetriableError\n")
    (tmp_path / "notes.txt").write_text("from inngest.errors import X\n")
    proc = run_cli(str(tmp_path))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"{tmp_path / 'pkg' / 'bad.py'}:1:1: INN007 module `inngest.errors` does not exist in the inngest SDK "
        f"{lint.SDK_VERSION} (fix: {lint.RULES['INN007'].fix})"
    ]


@pytest.mark.parametrize("args", [
    ["--no-such-option", "x.py"],
    ["--select", "INN999", "examples"],
    ["--ignore", "nonsense", "examples"],
    ["does/not/exist.py"],
    [],
])
def test_exit_2_on_bad_usage(args):
    proc = run_cli(*args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr


def test_exit_2_on_a_file_that_does_not_parse(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("def f(:\n    pass\n")
    fine = tmp_path / "fine.py"
    fine.write_text("from inngest.errors import NonRetriableError\n")
    proc = run_cli(str(tmp_path))
    assert proc.returncode == 2
    assert f"{broken}:1:" in proc.stderr and "could not parse" in proc.stderr
    assert "INN007" in proc.stdout  # the other files are still linted


def test_json_output():
    path = FIXTURES / "INN014_bad.py"
    proc = run_cli("--json", str(path))
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert isinstance(data, list) and len(data) == 2
    for item in data:
        assert set(item) == {"path", "line", "col", "rule", "message", "hint"}
        assert item["rule"] == "INN014" and item["path"] == str(path)
        assert isinstance(item["line"], int) and isinstance(item["col"], int)
    assert [d["line"] for d in data] == [11, 14]
    clean = run_cli("--json", str(FIXTURES / "INN014_good.py"))
    assert clean.returncode == 0 and json.loads(clean.stdout) == []


def test_select_and_ignore():
    path = str(FIXTURES / "INN012_bad.py")  # INN012 x4 and INN011 x1
    rules = lambda proc: Counter(line.split()[1] for line in proc.stdout.splitlines())  # noqa: E731
    assert rules(run_cli(path)) == Counter({"INN012": 4, "INN011": 1})
    assert rules(run_cli("--select", "INN011", path)) == Counter({"INN011": 1})
    assert rules(run_cli("--select", "inn011,INN012", path)) == Counter({"INN012": 4, "INN011": 1})
    assert rules(run_cli("--ignore", "INN012", path)) == Counter({"INN011": 1})
    proc = run_cli("--select", "INN012", "--ignore", "INN012", path)
    assert proc.returncode == 0 and proc.stdout == ""


def test_inline_suppression(tmp_path):
    source = (
        "import inngest\n"
        "from inngest.errors import A  # inngest-lint: ignore[INN007]\n"
        "from inngest.errors import B  # inngest-lint: ignore[INN001, INN007]\n"
        "from inngest.errors import C  # inngest-lint: ignore[INN001]\n"
        "from inngest.errors import D  # inngest-lint: ignore\n"
    )
    path = tmp_path / "s.py"
    path.write_text(source)
    proc = run_cli(str(path))
    assert proc.returncode == 1
    assert [line.split(":")[1] for line in proc.stdout.splitlines()] == ["4"]


def test_list_rules_is_a_markdown_table_with_a_row_per_rule():
    proc = run_cli("--list-rules")
    assert proc.returncode == 0
    lines = proc.stdout.strip().splitlines()
    assert lines[0] == "| id | catches | why | fix |"
    assert lines[1] == "| --- | --- | --- | --- |"
    rows = lines[2:]
    assert [row.split(" | ")[0].lstrip("| ") for row in rows] == RULE_IDS
    for row in rows:
        assert row.startswith("| ") and row.endswith(" |")
        assert len(re.split(r"(?<!\\)\|", row)) == 6  # 4 cells between 5 unescaped pipes


def test_pre_commit_hook_is_declared():
    text = (REPO / ".pre-commit-hooks.yaml").read_text()
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load(text)
    assert isinstance(hooks, list) and len(hooks) == 1
    hook = hooks[0]
    assert hook["id"] == "inngest-lint"
    assert hook["entry"] == "scripts/inngest_lint.py"
    assert os.access(SCRIPT, os.X_OK) and SCRIPT.read_text().startswith("#!/usr/bin/env python3\n")
    assert hook["language"] in ("python", "system")
    assert hook["types"] == ["python"]


def test_the_linter_uses_only_the_standard_library():
    import ast

    tree = ast.parse(SCRIPT.read_text())
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported - set(sys.stdlib_module_names)


# --- the repository's examples are clean ----------------------------------------

def test_examples_have_no_findings():
    proc = run_cli("examples")
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --- the seed documents ---------------------------------------------------------

def seed_blocks() -> dict[str, list[str]]:
    """```python blocks per seed file name prefix ("000"...)."""
    if not SEEDS.is_dir():
        pytest.fail(f"seed documents not found at {SEEDS} (set INNGEST_WORKFLOW_SEEDS)")
    blocks = {}
    for path in sorted(SEEDS.glob("*.txt")):
        blocks[path.name[:3]] = re.findall(r"```python\n(.*?)```", path.read_text(), re.S)
    return blocks


def lint_block(source: str, name: str) -> list:
    try:
        return lint.lint_source(source, name)
    except lint.ParseError:
        # 001's "Function Decorator Options" is a decorator without its function.
        return lint.lint_source(source + "\nasync def _stub(ctx):\n    pass\n", name)


# (seed, block index, rule) -> how many findings. Everything the seeds' Python teaches
# wrongly that a static check can see. Block indexes count ```python blocks from 0.
SEED_EXPECTED = {
    # 000 Improving workflows
    ("000", 0, "INN009"): 1, ("000", 0, "INN005"): 1,   # Basic Wait: f-string if_exp, timeout="7d"
    ("000", 1, "INN009"): 1,                             # if_exp syntax: f"...'{ctx.event.data['lead_id']}'"
    ("000", 2, "INN009"): 1, ("000", 2, "INN005"): 1,   # Dual Event approval, timeout="48h"
    ("000", 4, "INN009"): 2, ("000", 4, "INN005"): 2,   # Multiple Wait Branches, "24h" x2
    ("000", 5, "INN005"): 2,                             # Basic Cancellation: sleep "3d", "7d"
    ("000", 7, "INN005"): 1,                             # Throttle(period="1m")
    ("000", 8, "INN013"): 1,                             # three Concurrency constraints
    ("000", 9, "INN005"): 1,                             # Debounce(period="5m")
    ("000", 11, "INN009"): 1, ("000", 11, "INN005"): 1,  # fan-out orchestrator, timeout="1h"
    ("000", 12, "INN009"): 2, ("000", 12, "INN005"): 2,  # expense approval "24h", "48h"
    ("000", 13, "INN009"): 2, ("000", 13, "INN005"): 2,  # moderation "4h", "1h"
    ("000", 14, "INN010"): 1,                            # Sequential chain: client.send in the body
    # 001 SKILL.md
    ("001", 0, "INN005"): 1,                             # ctx.step.sleep("sleep-id", "24h")
    ("001", 3, "INN007"): 1, ("001", 3, "INN008"): 1,   # from inngest.errors; RetryAfterError("1h", ...)
    # 002 Creating workflows
    ("002", 0, "INN014"): 1,                             # is_production=os.getenv(...) == "production"
    ("002", 6, "INN007"): 1, ("002", 6, "INN008"): 1,   # from inngest.errors; RetryAfterError("1h", ...)
    ("002", 12, "INN010"): 1,                            # "From Within Workflows": client.send in the body
    ("002", 15, "INN005"): 2,                            # drip campaign: sleep "1d", "3d"
}


@pytest.mark.provenance
def test_seed_documents_findings_are_exactly_the_known_mistakes():
    blocks = seed_blocks()
    got: Counter = Counter()
    for seed, sources in blocks.items():
        for index, source in enumerate(sources):
            for f in lint_block(source, f"{seed}#{index}"):
                got[(seed, index, f.rule)] += 1
    assert dict(got) == SEED_EXPECTED


@pytest.mark.provenance
def test_seed_blocks_are_where_the_expectations_say():
    """Guard against the seed files changing under the index-based expectations."""
    blocks = seed_blocks()
    assert [len(blocks[s]) for s in sorted(blocks)] == [20, 4, 16, 0, 0]
    assert blocks["000"][8].count("inngest.Concurrency(") == 3
    assert "RetryAfterError(\"1h\"" in blocks["001"][3] and "RetryAfterError(\"1h\"" in blocks["002"][6]
    assert "is_production=os.getenv" in blocks["002"][0]
    assert "pipeline/stage-2" in blocks["000"][14] and "workflow/await-reply" in blocks["002"][12]


# --- the embedded SDK surface matches the installed SDK ---------------------------

def test_embedded_exports_match_the_installed_sdk():
    import inngest

    assert set(inngest.__all__) == set(lint.SDK_EXPORTS)


def test_embedded_modules_match_the_installed_sdk():
    import inngest

    root = pathlib.Path(inngest.__file__).parent
    modules = set()
    for path in root.rglob("*.py"):
        rel = path.relative_to(root.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(p.startswith("_") for p in parts) or parts[-1].endswith("_test"):
            continue
        modules.add(".".join(parts))
    assert modules == set(lint.SDK_MODULES)


def test_embedded_sdk_version_is_the_pinned_one():
    from importlib.metadata import version

    assert version("inngest") == lint.SDK_VERSION
    assert f"inngest=={lint.SDK_VERSION}" in (REPO / "pyproject.toml").read_text()


def test_findings_in_mistakes_are_only_in_wrong_regions():
    """mistakes/ keeps the seeds' wrong forms next to the right ones: the linter may only
    fire inside a snippet region that shows a wrong form (one with a `# WRONG:` line)."""
    proc = run_cli("--json", "mistakes")
    assert proc.returncode in (0, 1), proc.stderr
    outside = []
    for f in json.loads(proc.stdout):
        lines = pathlib.Path(REPO / f["path"]).read_text().splitlines()
        start = next((i for i in range(f["line"] - 1, -1, -1) if re.search(r"--8<-- \[(start|end):", lines[i])), None)
        if start is None or "[end:" in lines[start]:
            outside.append(f)
            continue
        end = next((i for i in range(start + 1, len(lines)) if "--8<-- [end:" in lines[i]), len(lines))
        if not any("# WRONG:" in line for line in lines[start:end]):
            outside.append(f)
    assert outside == []
