"""The docs site: `mkdocs build --strict` passes and every page generated from the pack is there."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from checks import catalog

from .conftest import REPO, build_site

REFERENCES = sorted(p.stem for p in (REPO / "references").glob("*.md"))
# A site build takes a minute or two on a loaded 2-core machine (more the first time, when the example
# pages' trigger requests are computed); the suite's 180 s would cut the first test that builds.
pytestmark = pytest.mark.timeout(900)


@dataclass
class Page:
    text: str  # visible text, whitespace collapsed
    links: list[str]  # href of every <a>
    ids: set[str]


def parse(path: Path) -> Page:
    raw = path.read_text()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S | re.I)
    # Tags go; highlighted code comes back together because its spans are adjacent.
    text = html.unescape(re.sub(r"<[^>]+>", "", body))
    return Page(
        text=" ".join(text.split()),
        links=[html.unescape(h) for h in re.findall(r"<a\b[^>]*?\shref=\"([^\"]*)\"", raw)],
        ids={html.unescape(i) for i in re.findall(r"\sid=\"([^\"]*)\"", raw)},
    )


def text_of(path: Path) -> str:
    return parse(path).text


def squash(s: str) -> str:
    """Record text as it reads on the page: whitespace collapsed, `code` marks gone."""
    return " ".join(s.replace("`", "").split())


def expected_pages() -> list[str]:
    pages = ["index.html", "skill/index.html", "examples/index.html", "mistakes/index.html", "validation/index.html", "use/index.html",
             "performance/index.html", "search/search_index.json", "404.html"]
    pages += [f"references/{r}/index.html" for r in REFERENCES]
    pages += [f"examples/{ex.name}/index.html" for ex in catalog.all_examples()]
    return pages


def test_strict_build_has_every_page(built_site):
    missing = [p for p in expected_pages() if not (built_site / p).is_file()]
    assert not missing, f"pages missing from the built site: {missing}"


def test_the_skill_page_is_skill_md_with_its_front_matter_as_a_summary(built_site):
    skill = (REPO / "SKILL.md").read_text()
    name = re.search(r"^name:\s*(.+)$", skill, re.M).group(1).strip()
    title = re.search(r"^# (.+)$", skill, re.M).group(1).strip()
    text = text_of(built_site / "skill" / "index.html")
    assert title in text
    assert f"The skill: {name}" in text
    assert "name: inngest-workflow" not in text  # the YAML is rendered, not shown raw
    # SKILL.md's links to references/*.md lead to the reference pages.
    hrefs = parse(built_site / "skill" / "index.html").links
    for ref in REFERENCES:
        if f"references/{ref}.md" in skill:
            assert f"../references/{ref}/" in hrefs, f"the skill page lost its link to references/{ref}.md"


def test_the_home_page_is_for_people_and_comes_from_the_readme(built_site):
    """What and why (README's opening), install and the quick start (README's sections), the gallery."""
    from site_build.hooks import readme_sections

    page = parse(built_site / "index.html")
    opening, sections = readme_sections()
    what, why = (" ".join(squash(para).split()[:7]) for para in opening.split("\n\n")[:2])
    for expected in (what, why, "Why", "Install", "Quick start: 2 minutes", "Gallery",
                     "npx skills add ./inngest-workflow/plugin", "claude plugin install inngest-workflow@inngest-workflow",
                     ".venv/bin/inngest-kit dev", "curl -X POST http://127.0.0.1:8000/expenses"):
        assert expected in page.text, f"{expected!r} not on the home page"
    assert page.text.index("Install") < page.text.index("Quick start: 2 minutes") < page.text.index("Gallery")
    for ex in catalog.all_examples():
        assert f"examples/{ex.name}/" in page.links, f"the home page's gallery does not link {ex.name}"
    assert "skill/" in page.links
    assert "The skill" in parse(built_site / "index.html").text


def test_every_example_page_shows_a_copyable_request_per_endpoint(built_site):
    from checks import triggers

    found = triggers.triggers([ex.name for ex in catalog.all_examples()])
    for ex in catalog.all_examples():
        text = text_of(built_site / "examples" / ex.name / "index.html")
        assert "Trigger it" in text
        for t in found[ex.name].requests:
            assert html.unescape(t.curl()) in text, f"{ex.name}: {t.curl()} not on its page"
        if not found[ex.name].requests:
            assert "/e/dev" in text or "the schedule" in text, f"{ex.name}: no way to start it on its page"


def test_test_citations_link_to_the_test_source(built_site):
    page = parse(built_site / "references" / "create" / "index.html")
    cited = [h for h in page.links if "source/tests/" in h and "#test_" in h]
    assert len(cited) >= 10, cited[:5]
    target, _, anchor_id = cited[0].partition("#")
    source = (built_site / "references" / "create" / target / "index.html").resolve()
    assert anchor_id in parse(source).ids
    assert f"def {anchor_id}" in text_of(source)


def test_every_example_page_shows_patterns_code_tests_and_how_to_run(built_site):
    from site_build.hooks import routes, source_files, test_docs

    for ex in catalog.all_examples():
        page = built_site / "examples" / ex.name / "index.html"
        text = text_of(page)
        assert squash(ex.title) in text, ex.name
        for pat in ex.patterns:
            assert squash(pat.title) in text, f"{ex.name}: pattern {pat.id} not on its page"
            for t in pat.tests:
                assert t in text, f"{ex.name}: test {t} of pattern {pat.id} not on its page"
        for t in test_docs(ex.test_module):
            if t.doc:
                assert squash(t.doc) in text, f"{ex.name}: docstring of {t.name} not on its page"
        for path in source_files(ex):
            # The file's code is on the page (region markers dropped, highlighting joined back).
            code_lines = [ln.strip() for ln in path.read_text().splitlines()
                          if ln.strip() and "--8<--" not in ln]
            for line in code_lines[:5] + code_lines[-5:]:
                assert " ".join(line.split()) in text, f"{ex.name}/{path.name}: {line!r} not on its page"
        assert f"INNGEST_DEV=1 uvicorn examples.{ex.name}.main:app" in text
        assert "curl -X PUT http://127.0.0.1:8000/api/inngest" in text
        for method, route in routes(ex.path / "main.py"):
            assert f"{method} {route}" in text


def test_gallery_links_every_example(built_site):
    hrefs = parse(built_site / "examples" / "index.html").links
    for ex in catalog.all_examples():
        assert f"{ex.name}/" in hrefs, f"the gallery does not link {ex.name}"


def test_mistakes_page_has_claim_reality_tests_and_right_form(built_site):
    page = built_site / "mistakes" / "index.html"
    text = text_of(page)
    ids = parse(page).ids
    assert "Where the usual guidance is wrong" in text
    for mk in catalog.all_mistakes():
        assert mk.name in ids, f"no section for mistake {mk.name}"
        assert squash(mk.title) in text
        assert squash(mk.seed_claim) in text
        assert squash(mk.reality) in text
        modules = [mk.test_module] if isinstance(mk.test_module, str) else [t.split("::")[0] for t in mk.test_module]
        for module in modules:
            assert module in text
        assert mk.right_form in text  # the right form's code block is titled with its source


def test_validation_page_without_a_report_says_how_to_make_one(tmp_path):
    proc = build_site(tmp_path / "site", report=tmp_path / "no-such-report.json",
                      benchmark=tmp_path / "no-such-benchmark.md")
    assert proc.returncode == 0, proc.stderr
    text = text_of(tmp_path / "site" / "validation" / "index.html")
    assert "No validation run has been recorded yet" in text
    assert "make validate" in text
    # Same build (one mkdocs run less): the performance page without a benchmark.
    text = text_of(tmp_path / "site" / "performance" / "index.html")
    assert "No benchmark has been recorded yet" in text
    assert "checks/benchmark.py" in text
    # ... and shows README's measured table, labelled as README's.
    assert "Measured when README.md was written, not by this build" in text
    assert "server start-up to ready" in text and "app sync" in text


def test_validation_page_shows_the_report(tmp_path):
    ex = catalog.all_examples()[0]
    pat = ex.patterns[0]
    report = {
        "date": "2031-02-03T04:05:06+00:00",
        "server": {"tag": "v9.9.9", "module": "github.com/inngest/inngest", "go": "1.99.1",
                   "platform": "linux/x86_64", "built_at": "2031-02-01T00:00:00Z", "sha256": "ab" * 32},
        "sdk": {"inngest": "0.0.42"},
        "python": "3.11.7",
        "wall_seconds": 123.4,
        "workers": 4,
        "test_counts": {"passed": 7, "failed": 1},
        "ok": False,
        "floor": {"declared_tests": 3, "sum_seconds": 12.5, "longest_seconds": 7.0, "workers": 4,
                  "suite_floor_seconds": 7.0, "wall_seconds": 123.4, "wall_over_floor": 17.63, "violations": []},
        "patterns": [{"example": ex.name, "example_title": ex.title, "pattern": ex.patterns[-1].id,
                      "title": "a pattern that passed", "tests": [], "result": "passed", "seconds": 1.0},
                     {"example": ex.name, "example_title": ex.title, "pattern": pat.id, "title": pat.title,
                      "tests": [ex.test_nodeid(t) for t in pat.tests], "result": "failed", "seconds": 42.25}],
        "failures": [{"test": ex.test_nodeid(pat.tests[0]), "failure": "AssertionError: the made-up failure"}],
        "tests": {},
    }
    path = tmp_path / "validation.json"
    path.write_text(json.dumps(report))
    from checks.benchmark import markdown

    bench = tmp_path / "benchmark.md"
    bench.write_text(markdown(made_up_benchmark()))
    proc = build_site(tmp_path / "site", report=path, benchmark=bench)
    assert proc.returncode == 0, proc.stderr
    page = tmp_path / "site" / "validation" / "index.html"
    text = text_of(page)
    for expected in ("2031-02-03T04:05:06+00:00", "v9.9.9", "1.99.1", "inngest==0.0.42", "123.4 s", "4 worker",
                     "7 passed", "1 failed", squash(pat.title), "42.25", "Some patterns failed: 1 of 2", "Waiting floor",
                     "12.5 s of designed waits in 3 tests", "wall / floor 17.63"):
        assert expected in text, f"{expected!r} not on the validation page"
    assert f"../examples/{ex.name}/" in parse(page).links
    # Failures first, in colour: the failure with its message, rerun command and test source; the failed
    # pattern's row before the passed one.
    raw = page.read_text()
    assert raw.index("the made-up failure") < raw.index('id="pattern-by-pattern"')
    assert raw.index('id="failures"') < raw.index('id="run"')
    assert f".venv/bin/python -m pytest '{ex.test_nodeid(pat.tests[0])}'" in text
    assert any(f"source/{ex.test_module}/#{pat.tests[0]}" in h for h in parse(page).links)
    assert raw.index('class="iw-result iw-failed"') < raw.index('class="iw-result iw-passed"')
    assert 'class="admonition failure"' in raw
    # The gallery shows each example's last result.
    assert "failed" in text_of(tmp_path / "site" / "examples" / "index.html")
    # Same build: the performance page shows benchmark.md.
    text = text_of(tmp_path / "site" / "performance" / "index.html")
    for expected in ("2031-02-03T04:05:06+00:00", "v9.9.9", "inngest==0.0.42", "0.123 s", "0.456 s", "99.5 ms",
                     "49.9 ms", "47.5 runs/s", "concurrency limit 10", "195.4 s", "31.7 s", "server ready < 3 s"):
        assert expected in text, f"{expected!r} not on the performance page"


def made_up_benchmark() -> dict:
    lat = {"n": 100, "p50": 99.5, "p95": 104.2, "min": 95.0, "max": 120.0, "mean": 100.1}
    return {
        "date": "2031-02-03T04:05:06+00:00", "mode": "full",
        "environment": {"server_tag": "v9.9.9", "sdk": "0.0.42", "python": "3.11.7", "cpus": 2,
                        "platform": "linux/x86_64"},
        "samples": {},
        "startup": {"starts": 10, "n": 10, "p50": 0.123, "p95": 0.456, "min": 0.1, "max": 0.5, "mean": 0.2},
        "sync": {"first_uvicorn_start_and_sync_s": 0.3, "n": 20, "p50": 4.5, "p95": 6.5, "min": 4, "max": 7, "mean": 5},
        "latency": {"50": {"runs": 100, "event_to_first_step_ms": lat, "step_to_step_ms": {**lat, "p50": 49.9},
                           "event_to_function_return_ms": lat}},
        "throughput": {"events": 1000, "steps_per_run": 3, "concurrency_limit": 10, "send_seconds": 1.0,
                       "drain_seconds": 20.0, "runs_per_second": 47.5, "cpu": {"available": False}},
        "suite": None,
        "build": {"cold_seconds": 195.4, "warm": {"measured": True, "seconds": 31.7}},
        "goals": [{"goal": "server ready < 3 s (p95)", "measured": "0.456 s", "met": True}],
    }


def test_performance_page_renders_a_benchmark_json_without_its_markdown(tmp_path, monkeypatch):
    from site_build import hooks as site_hooks

    path = tmp_path / "benchmark.json"
    path.write_text(json.dumps(made_up_benchmark()))
    monkeypatch.setenv("INNGEST_WORKFLOW_BENCHMARK", str(path))
    page = site_hooks.performance_page()
    assert page.startswith("# Performance")
    assert "47.5 runs/s" in page and "v9.9.9" in page


def test_no_internal_link_is_broken(built_site):
    """Every relative link of every page leads to a file of the site, and its #anchor exists there."""
    broken = []
    pages = sorted(built_site.rglob("*.html"))
    ids = {p.resolve(): parse(p).ids for p in pages}

    def ids_of(target: Path) -> set[str]:
        if target not in ids:
            ids[target] = parse(target).ids
        return ids[target]
    for page in pages:
        for href in parse(page).links:
            url, frag = urldefrag(href)
            if urlparse(href).scheme or href.startswith("//"):
                continue
            if url.startswith("/"):  # 404.html links from the site root
                target = (built_site / unquote(url).lstrip("/")).resolve()
            else:
                target = (page.parent / unquote(url)).resolve() if url else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(built_site)}: {href}")
            elif frag and target.suffix == ".html" and unquote(frag) not in ids_of(target):
                broken.append(f"{page.relative_to(built_site)}: {href} (no #{frag})")
    assert not broken, "broken links:\n" + "\n".join(broken)
