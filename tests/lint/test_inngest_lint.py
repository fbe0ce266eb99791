"""inngest-lint (kit/src/inngest_kit/lint): every rule on its unit fixtures, the CLI contract, the examples
(clean), the seed documents (the mistakes it must find) and the embedded SDK surface.

Fast and offline: no server. Fixtures live in tests/lint/fixtures/<RULE>_bad.py (each
expected finding marked on its line with `# expect: RULE [RULE...]`) and <RULE>_good.py
(no finding at all).
"""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
import sys
from collections import Counter

import pytest

from inngest_kit.lint import static

REPO = pathlib.Path(__file__).resolve().parents[2]
LINT = [sys.executable, "-m", "inngest_kit.lint.cli"]  # what the `inngest-lint` console script runs
FIXTURES = pathlib.Path(__file__).parent / "fixtures"


lint = static
RULE_IDS = list(lint.RULES)
# Rules with unit fixtures here (several findings per file); every rule, these included, is
# also proven at run time in tests/lint/proofs (test_runtime_proofs.py).
UNIT_RULES = [r for r in RULE_IDS if (FIXTURES / f"{r}_bad.py").exists()]
EXPECT = re.compile(r"#\s*expect:\s*((?:INN\d{3}\s*)+)")


def run_cli(*args: str, cwd: pathlib.Path = REPO, timeout: float = 60) -> subprocess.CompletedProcess:
    """The static mode unless a test asks for another (`--sdk` selects the default mode)."""
    mode = [] if {"--server", "--list-rules"} & set(args) else ["--static"]
    if "--sdk" in args:
        args, mode = tuple(a for a in args if a != "--sdk"), []
    return subprocess.run([*LINT, *mode, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


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

def test_every_unit_fixture_has_its_pair():
    on_disk = {p.name for p in FIXTURES.glob("INN*.py")}
    wanted = {f"{rule}_{kind}.py" for rule in UNIT_RULES for kind in ("bad", "good")}
    assert on_disk == wanted and len(UNIT_RULES) >= 19


@pytest.mark.parametrize("rule", UNIT_RULES)
def test_bad_fixture_gives_exactly_the_marked_findings(rule):
    path = FIXTURES / f"{rule}_bad.py"
    expected = expected_findings(path)
    assert any(r == rule for r, _ in expected), "the fixture must show its own rule"
    assert found(path) == expected


@pytest.mark.parametrize("rule", UNIT_RULES)
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
    broken.write_text("import inngest\n\ndef f(:\n    pass\n")
    fine = tmp_path / "fine.py"
    fine.write_text("from inngest.errors import NonRetriableError\n")
    proc = run_cli(str(tmp_path))
    assert proc.returncode == 2
    assert f"{broken}:3:" in proc.stderr and "could not parse" in proc.stderr
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
    assert lines[0] == "| id | catches | why | fix | decided by |"
    assert lines[1] == "| --- | --- | --- | --- | --- |"
    rows = lines[2:]
    assert [row.split(" | ")[0].lstrip("| ") for row in rows] == RULE_IDS
    for row in rows:
        assert row.startswith("| ") and row.endswith(" |")
        assert len(re.split(r"(?<!\\)\|", row)) == 7  # 5 cells between 6 unescaped pipes


def test_pre_commit_hooks_use_the_kits_console_script():
    """The hooks must not assume this repository's layout: `language: python` installs the
    repository and its kit into the hook's environment, and `entry` is the console script."""
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"inngest-lint", "inngest-lint-static"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["types"] == ["python"]
        assert hook["entry"].split()[0] == "inngest-lint"
        assert hook["additional_dependencies"] == ["./kit"]
    assert 'inngest-lint = "inngest_kit.lint.cli:main"' in (REPO / "kit" / "pyproject.toml").read_text()


def test_the_static_layer_imports_neither_the_sdk_nor_the_users_code():
    """The static mode must stay fast and side-effect free: its modules import the standard
    library, each other, and (lazily) the CEL parser, never `inngest`."""
    import ast

    allowed = set(sys.stdlib_module_names) | {"__future__", "lark"}
    for name in ("static.py", "rules.py", "expressions.py", "cli.py"):
        tree = ast.parse((pathlib.Path(lint.__file__).parent / name).read_text())
        imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module.split(".")[0] for n in ast.walk(tree)
                     if isinstance(n, ast.ImportFrom) and n.module and n.level == 0}
        assert imported <= allowed, (name, imported - allowed)


# --- the repository's examples are clean ----------------------------------------

def test_examples_have_no_findings():
    proc = run_cli("examples")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_examples_have_no_findings_when_the_sdk_builds_their_configs():
    proc = run_cli("--sdk", "examples", timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "note:" not in proc.stderr, proc.stderr  # every example was imported and checked


# --- the seed documents ---------------------------------------------------------

def seed_blocks() -> dict[str, list[str]]:
    """```python blocks per seed file name prefix ("000"...)."""
    from checks.pytest_pack import seed_documents

    blocks = {}
    for path in sorted(seed_documents().glob("*.txt")):
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


# --- the embedded signatures match the SDK's ------------------------------------------


def _params(fn) -> tuple[tuple[str, ...], frozenset[str], frozenset[str], bool]:
    import inspect

    params = [p for p in inspect.signature(fn).parameters.values() if p.name != "self"]
    positional = tuple(p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))
    named = frozenset(p.name for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))
    required = frozenset(p.name for p in params if p.kind == p.KEYWORD_ONLY and p.default is p.empty)
    varargs = any(p.kind == p.VAR_POSITIONAL for p in params)
    return positional, named, required, varargs


def test_embedded_step_signatures_match_the_sdk():
    import inngest

    for method, expected_signature in lint.STEP_SIGNATURES.items():
        assert _params(getattr(inngest.Step, method)) == expected_signature, method


def test_embedded_create_function_signature_matches_the_sdk():
    import inngest

    _, named, required, _ = _params(inngest.Inngest.create_function)
    assert named == lint.CREATE_FUNCTION_KWARGS
    assert required == lint.CREATE_FUNCTION_REQUIRED


def test_embedded_config_fields_match_the_sdk_models():
    import inngest

    for cls, fields in lint.CONFIG_FIELDS.items():
        model = getattr(inngest, cls)
        assert {name: info.is_required() for name, info in model.model_fields.items()} == fields, cls
