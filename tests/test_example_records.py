"""The example records must stay true: every test they cite exists, every
example test is cited by a pattern. Whether every cited seed heading exists is a
provenance check against documents outside the repository (`make provenance`)."""

import ast
from pathlib import Path

import pytest

from checks import catalog

EXAMPLES = catalog.all_examples()


def test_every_example_folder_has_a_record():
    folders = {p.name for p in catalog.EXAMPLES.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    assert folders == {e.name for e in EXAMPLES}


def _test_functions(module: Path) -> set[str]:
    tree = ast.parse(module.read_text())
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_record_cites_real_tests_and_every_test_is_cited(example):
    module = catalog.REPO / example.test_module
    assert module.is_file(), f"{example.name}: test module {example.test_module} is missing"
    defined = _test_functions(module)
    cited = {t for p in example.patterns for t in p.tests}
    assert cited <= defined, f"{example.name} cites tests that do not exist: {sorted(cited - defined)}"
    assert defined <= cited, f"{example.name} has tests no pattern cites: {sorted(defined - cited)}"
    assert example.patterns, f"{example.name} lists no pattern"


def seeds_dir() -> Path:
    from checks.pytest_pack import seed_documents

    return seed_documents()


@pytest.mark.provenance
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_record_cites_real_seed_sections(example):
    seeds = seeds_dir()
    for ref in example.seeds:
        text = (seeds / ref.file).read_text()
        assert ref.heading in text, f"{example.name}: heading {ref.heading!r} not in {ref.file}"


def test_no_two_examples_trigger_on_the_same_event():
    """Event names are global on a server and every example in a test worker
    shares one server: a shared trigger name would start runs in both apps."""
    from checks.pytest_pack import load_example

    owner: dict[str, str] = {}
    clashes = []
    for example in EXAMPLES:
        module = load_example(example.name)
        for fn in module.functions:
            for trigger in fn._triggers:
                name = getattr(trigger, "event", None)
                if name is None:
                    continue
                if owner.get(name, example.name) != example.name:
                    clashes.append(f"{name}: {owner[name]} and {example.name}")
                owner[name] = example.name
    assert not clashes, clashes


MISTAKES = catalog.all_mistakes()


def test_every_mistake_folder_has_a_record():
    folders = {p.name for p in catalog.MISTAKES.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    assert folders == {m.name for m in MISTAKES}


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_mistake_record_points_at_real_tests_regions_and_seeds(mistake):
    from checks import snippets

    module = catalog.REPO / mistake.test_module
    assert module.is_file() and _test_functions(module), f"{mistake.name}: no tests in {mistake.test_module}"
    snippets.region(catalog.REPO, mistake.right_form)  # raises if the right form's region is missing
    assert mistake.verdict in ("wrong", "correct")
    if mistake.verdict == "wrong":
        wrong = [ln for p in mistake.path.glob("*.py") for ln in p.read_text().splitlines() if ln.strip().startswith("# WRONG: ")]
        assert wrong, f"{mistake.name}: no region starts with '# WRONG: <why>'"


@pytest.mark.provenance
@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_mistake_record_cites_real_seed_sections(mistake):
    seeds = seeds_dir()
    for ref in mistake.seeds:
        assert ref.heading in (seeds / ref.file).read_text(), f"{mistake.name}: {ref.heading!r} not in {ref.file}"
