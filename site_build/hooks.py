"""MkDocs hooks: the docs site is built from the pack's own files, never a copy.

Registered in mkdocs.yml (`hooks: [site_build/hooks.py]`). At build time it adds
generated pages to the site (MkDocs 1.6 `File.generated`):

  index.md                  the home page for people: what and why (README.md's opening), install and
                            the 2-minute quick start (README.md's sections), the gallery
  skill.md                  SKILL.md, its YAML front matter shown as a summary box
  references/<name>.md      references/*.md, as they are
  examples/index.md         the gallery, from examples/*/example.toml
  examples/<name>.md        one page per example: patterns, code (read from the .py
                            files), the tests that prove each pattern (names and
                            docstrings read from tests/examples/test_<name>.py), how to run it
  mistakes.md               "Where the usual guidance is wrong", from mistakes/*/mistake.toml
  validation.md             reports/validation.json (or how to make one when absent)
  performance.md            reports/benchmark.md (or .json) from checks/benchmark.py; without one, the
                            table README.md gives as measured, labelled as such
  source/<path>.md          any other repository file a page links to, shown as code

Links in SKILL.md and references/ are written for the repository (an agent reads
the files raw), so each page's links are re-pointed from repository paths to the
page that shows that file. A link to a file that does not exist is left alone,
and `mkdocs build --strict` fails on it.

The report path can be overridden with INNGEST_WORKFLOW_REPORT, the benchmark's
with INNGEST_WORKFLOW_BENCHMARK (a path to benchmark.md or benchmark.json; the site
tests build with missing and with made-up ones).
"""

from __future__ import annotations

import ast
import html
import json
import os
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from mkdocs.structure.files import File, Files

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # MkDocs loads this file by path, not as part of a package
    sys.path.insert(0, str(REPO))

from checks import catalog, snippets, triggers  # noqa: E402

REFERENCE_ORDER = ("create", "improve", "debug", "design-system")
REFERENCE_TITLES = {"create": "Create", "improve": "Improve", "debug": "Debug", "design-system": "Design system"}
# Order of an example's files on its page; others follow alphabetically.
FILE_ORDER = ("__init__.py", "client.py", "config.py", "functions.py", "services.py", "main.py")
SNIPPET_MARKER = re.compile(r"^<!-- snippet: (?P<path>[^#\s]+)#(?P<region>[\w.-]+) -->\s*$")
REGION_LINE = re.compile(r"^\s*# --8<-- \[(start|end):[\w.-]+\]\s*$")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
# [text](target) and [text](target "title"); images too. Not inside code (handled below).
LINK = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?P<title>\s+\"[^\"]*\")?\)")
LANGS = {".py": "python", ".toml": "toml", ".json": "json", ".md": "markdown", ".sh": "bash", ".yml": "yaml",
         ".yaml": "yaml", ".txt": "text", "Makefile": "makefile"}


def report_path() -> Path:
    return Path(os.environ.get("INNGEST_WORKFLOW_REPORT") or REPO / "reports" / "validation.json")


def benchmark_path() -> Path:
    """reports/benchmark.md (written with benchmark.json by checks/benchmark.py)."""
    return Path(os.environ.get("INNGEST_WORKFLOW_BENCHMARK") or REPO / "reports" / "benchmark.md")


# -- reading the pack ---------------------------------------------------------


@dataclass(frozen=True)
class TestDoc:
    name: str
    doc: str | None


def test_docs(test_module: str) -> list[TestDoc]:
    """Test functions of a module, in file order, with their docstrings."""
    path = REPO / test_module
    if not path.is_file():
        return []
    tree = ast.parse(path.read_text())
    out: list[TestDoc] = []
    for node in tree.body:
        nodes = node.body if isinstance(node, ast.ClassDef) and node.name.startswith("Test") else [node]
        for fn in nodes:
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) and fn.name.startswith("test_"):
                out.append(TestDoc(fn.name, ast.get_docstring(fn)))
    return out


def module_doc(path: Path) -> str | None:
    try:
        return ast.get_docstring(ast.parse(path.read_text()))
    except (OSError, SyntaxError):
        return None


def routes(main_py: Path) -> list[tuple[str, str]]:
    """(METHOD, path) of every `@app.<method>("/path")` route in a FastAPI module, read without importing it."""
    try:
        tree = ast.parse(main_py.read_text())
    except (OSError, SyntaxError):
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for dec in node.decorator_list:
            if (
                isinstance(dec, ast.Call)
                and isinstance(dec.func, ast.Attribute)
                and dec.func.attr in ("get", "post", "put", "patch", "delete")
                and dec.args
                and isinstance(dec.args[0], ast.Constant)
                and isinstance(dec.args[0].value, str)
            ):
                found.append((dec.func.attr.upper(), dec.args[0].value))
    return found


def source_files(example: catalog.Example) -> list[Path]:
    """The example's Python files: top-level ones first in FILE_ORDER, then subpackages by path."""
    files = [p for p in example.path.rglob("*.py") if p.is_file() and "__pycache__" not in p.parts]
    rank = {name: i for i, name in enumerate(FILE_ORDER)}

    def key(p: Path):
        rel = p.relative_to(example.path)
        return (len(rel.parts) > 1, rank.get(p.name, len(FILE_ORDER)) if len(rel.parts) == 1 else 0, rel.as_posix())

    return sorted(files, key=key)


def humanize(test_name: str) -> str:
    words = test_name.removeprefix("test_").replace("_", " ")
    return words[:1].upper() + words[1:]


def md_text(text: str) -> str:
    """Plain text from a record or a docstring, safe as markdown: `<id>` stays visible
    (escaped outside `code spans`; inside them markdown shows it as is)."""
    parts = re.split(r"(`+[^`]*`+)", str(text))
    return "".join(p if p.startswith("`") else html.escape(p, quote=False) for p in parts)


def cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return " ".join(md_text(text).split()).replace("|", "\\|")


def fenced(code: str, lang: str, title: str | None = None) -> str:
    ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", code)), default=0) + 1)
    head = f'{ticks}{lang} title="{title}"' if title else f"{ticks}{lang}"
    return f"{head}\n{code.rstrip()}\n{ticks}\n"


def display_code(path: Path) -> str:
    """A source file as shown on the site: the snippet region markers are dropped."""
    return "\n".join(ln for ln in path.read_text().splitlines() if not REGION_LINE.match(ln)) + "\n"


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split simple `key: value` YAML front matter from a markdown text."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end == -1:
        return {}, text
    meta: dict[str, str] = {}
    for line in text[4:end].splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip()] = value.strip().strip("\"'")
    rest = text[end + 4 :]
    return meta, rest.lstrip("\n")


# -- where a repository path is shown on the site -------------------------------


class SiteMap:
    """Repository path -> the page (and anchor) of the site that shows it."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}  # repo path -> docs path ("a/b.md#anchor")
        self.sources: set[str] = set()  # repo files given a source/ page because a page links them

    def add(self, repo_path: str, doc: str) -> None:
        self.pages[repo_path] = doc

    def lookup(self, repo_path: str) -> str | None:
        if repo_path in self.pages:
            return self.pages[repo_path]
        parts = repo_path.split("/")
        if len(parts) >= 2 and parts[0] == "examples" and (REPO / "examples" / parts[1] / "example.toml").is_file():
            rel = "/".join(parts[2:])
            shown = rel.endswith(".py") and (REPO / repo_path).is_file()
            return f"examples/{parts[1]}.md" + (f"#{anchor(rel)}" if shown else "")
        if len(parts) >= 2 and parts[0] == "mistakes" and (REPO / "mistakes" / parts[1] / "mistake.toml").is_file():
            return f"mistakes.md#{parts[1]}"
        m = re.fullmatch(r"tests/(examples|mistakes)/test_(\w+)\.py", repo_path)
        if m and m.group(1) == "examples" and (REPO / "examples" / m.group(2) / "example.toml").is_file():
            return f"examples/{m.group(2)}.md#tests"
        if m and m.group(1) == "mistakes" and (REPO / "mistakes" / m.group(2) / "mistake.toml").is_file():
            return f"mistakes.md#{m.group(2)}"
        target = REPO / repo_path
        if repo_path in ("", ".") or target.is_dir():
            return None
        if target.is_file() and ".." not in Path(repo_path).parts and not repo_path.startswith("."):
            self.sources.add(repo_path)
            return f"source/{repo_path}.md"
        return None


def anchor(filename: str) -> str:
    return "file-" + re.sub(r"[^a-z0-9]+", "-", filename.lower()).strip("-")


def rewrite_links(markdown: str, repo_path: str, doc_path: str, sitemap: SiteMap) -> str:
    """Re-point relative links written for the repository to the pages that show their targets."""
    repo_dir = posixpath.dirname(repo_path)
    doc_dir = posixpath.dirname(doc_path)

    def fix(m: re.Match) -> str:
        target = m.group("target")
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("#", "/")):
            return m.group(0)
        path, _, frag = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(repo_dir, path))
        doc = sitemap.lookup(resolved.rstrip("/"))
        if doc is None:
            return m.group(0)  # a missing file stays a broken link: --strict reports it
        doc_file, _, doc_frag = doc.partition("#")
        new = posixpath.relpath(doc_file, doc_dir or ".")
        frag = frag or doc_frag
        return f"{m.group('bang')}[{m.group('text')}]({new}{'#' + frag if frag else ''}{m.group('title') or ''})"

    def rewrite(line: str) -> str:
        # Leave `inline code` alone.
        parts = re.split(r"(`+[^`]*`+)", line)
        return "".join(p if p.startswith("`") else LINK.sub(fix, p) for p in parts)

    return outside_fences(markdown, rewrite)


def outside_fences(markdown: str, rewrite) -> str:
    """Apply `rewrite` to every line that is not inside a fenced code block."""
    out, in_fence, fence = [], False, ""
    for line in markdown.splitlines(keepends=True):
        fm = FENCE.match(line)
        if fm:
            mark = fm.group(2)
            if not in_fence:
                in_fence, fence = True, mark[0] * len(mark)
            elif mark.startswith(fence):
                in_fence = False
            out.append(line)
        else:
            out.append(line if in_fence else rewrite(line))
    return "".join(out)


def titled_snippets(markdown: str) -> str:
    """`<!-- snippet: path#region -->` before a fence becomes the fence's title (the file it comes from)."""
    lines = markdown.splitlines(keepends=True)
    out = []
    i = 0
    while i < len(lines):
        m = SNIPPET_MARKER.match(lines[i].rstrip("\n"))
        if m and i + 1 < len(lines) and re.match(r"^```python\s*$", lines[i + 1]):
            out.append(lines[i])  # the marker stays (an HTML comment); the fence gets a title
            out.append(f'```python title="{m.group("path")}"\n')
            i += 2
            continue
        out.append(lines[i])
        i += 1
    return "".join(out)


# -- generated pages ------------------------------------------------------------


def overview_page() -> str:
    meta, body = front_matter((REPO / "SKILL.md").read_text())
    box = ""
    if meta:
        box = f'!!! abstract "The skill: `{meta.get("name", "")}`"\n\n    {meta.get("description", "")}\n\n'
    head = f"---\ndescription: {json.dumps(meta.get('description', ''))}\n---\n\n" if meta.get("description") else ""
    # The box goes under the page's first heading.
    lines = body.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return head + "".join(lines[: i + 1]) + "\n" + box + "".join(lines[i + 1 :])
    return head + box + body


def report() -> dict | None:
    path = report_path()
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text())
    except ValueError:
        return None


def example_results(data: dict | None) -> dict[str, str]:
    """example name -> passed / failed / partly run / not run, from a report."""
    if not data:
        return {}
    by_example: dict[str, list[str]] = {}
    for row in data.get("patterns", []):
        by_example.setdefault(row["example"], []).append(row["result"])
    out = {}
    for name, results in by_example.items():
        if "failed" in results:
            out[name] = "failed"
        elif all(r == "passed" for r in results):
            out[name] = "passed"
        elif all(r == "not run" for r in results):
            out[name] = "not run"
        else:
            out[name] = "partly run"
    return out


def gallery_table(examples: list[catalog.Example], prefix: str = "") -> list[str]:
    """The examples as a table; `prefix` is the path from the page to examples/."""
    results = example_results(report())
    lines = ["| Example | What it shows | Patterns | Tests | Last run |", "| --- | --- | --- | --- | --- |"]
    for ex in examples:
        n_tests = len({t for p in ex.patterns for t in p.tests})
        lines.append(
            f"| [{cell(ex.title)}]({prefix}{ex.name}.md) | {cell(ex.summary)} | {len(ex.patterns)} | {n_tests} "
            f"| {result_badge(results.get(ex.name, 'not recorded'))} |"
        )
    return lines


def gallery_page(examples: list[catalog.Example]) -> str:
    data = report()
    lines = [
        "# Examples",
        "",
        "Each example is a FastAPI app with its Inngest functions, tested against the real Inngest server.",
        "Copy one into your project with `python3 scripts/copy_example.py NAME DIR` ([how](../use.md#copy-an-example)).",
        "",
    ]
    if data:
        lines += [f"Results are from the [validation run](../validation.md) of {data.get('date', '?')}.", ""]
    return "\n".join(lines + gallery_table(examples)) + "\n"


def readme_sections() -> tuple[str, dict[str, str]]:
    """README.md as (text before the first `## `, {title of each `## ` section: its body})."""
    text = (REPO / "README.md").read_text()
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    opening = re.sub(r"^# .*\n", "", parts[0], count=1).strip()
    return opening, {title.strip(): body.strip() for title, body in zip(parts[1::2], parts[2::2], strict=True)}


HOME_SECTIONS = (("Install the skill", "Install", "install"), ("Run the examples", "Quick start: 2 minutes", "quick-start"))


def home_page(examples: list[catalog.Example]) -> str:
    """For people: what it is and why (README's opening), install and the quick start (README's sections),
    the gallery. One source: edit README.md and the home page follows."""
    opening, sections = readme_sections()
    paragraphs = [para for para in opening.split("\n\n") if para.strip()]
    n_patterns = sum(len(ex.patterns) for ex in examples)
    n_tests = len({t for ex in examples for p in ex.patterns for t in p.tests})
    lines = [
        "---", "title: inngest-workflow", "---", "",
        "# inngest-workflow", "",
        paragraphs[0], "",
        "## Why {#why}", "",
        *[p + "\n" for p in paragraphs[1:]],
        f"{len(examples)} runnable examples, {n_patterns} documented patterns proven by {n_tests} tests against the "
        f"real server, and {len(catalog.all_mistakes())} [claims of the usual guidance checked](mistakes.md). "
        "What the agent reads is [the skill](skill.md) and its guides.", "",
    ]
    for title, heading, anchor_id in HOME_SECTIONS:
        body = sections.get(title)
        if body is not None:
            lines += [f"## {heading} {{#{anchor_id}}}", "", body, ""]
    lines += ["## Gallery {#gallery}", "", *gallery_table(examples, "examples/"), ""]
    return "\n".join(lines) + "\n"


def example_page(ex: catalog.Example) -> str:
    tests = test_docs(ex.test_module)
    proves: dict[str, list[catalog.Pattern]] = {}
    for pat in ex.patterns:
        for t in pat.tests:
            proves.setdefault(t, []).append(pat)
    package = f"examples.{ex.name}"
    lines = [f"# {md_text(ex.title)}", "", md_text(ex.summary), ""]
    doc = module_doc(ex.path / "__init__.py")
    if doc:
        lines += [f"*{md_text(doc.strip())}*", ""]
    lines += [
        f"Folder `examples/{ex.name}/` · tests [`{ex.test_module}`](#tests) · "
        f"{len(ex.patterns)} patterns, {len(tests)} tests.",
        "",
        "## What it shows {#patterns}",
        "",
        "| Pattern | Proven by |",
        "| --- | --- |",
    ]
    for pat in ex.patterns:
        links = ", ".join(f"[`{t}`](#{t})" for t in pat.tests)
        lines.append(f"| {cell(pat.title)} <br><small>`{pat.id}`</small> | {links} |")
    lines += ["", "## Run it {#run}", ""]
    lines += [
        "From the root of this repository (the Inngest dev server first, then the app, then sync):",
        "",
        fenced(
            "inngest-kit dev      # terminal 1: the server on 127.0.0.1:8288\n"
            f"INNGEST_DEV=1 uvicorn {package}.main:app --port 8000   # terminal 2: the app\n"
            "curl -X PUT http://127.0.0.1:8000/api/inngest   # sync the app with the server",
            "bash",
        ),
    ]
    lines += trigger_section(ex, routes(ex.path / "main.py"))
    lines += [
        f"Or copy it into your own project: `python3 scripts/copy_example.py {ex.name} path/to/project` "
        "([more](../use.md#copy-an-example)). `python -m checks.showcase` runs every example at once.",
        "",
        "## Code {#code}",
        "",
    ]
    for path in source_files(ex):
        rel = path.relative_to(ex.path).as_posix()
        lines += [f"### `{rel}` {{#{anchor(rel)}}}", "", fenced(display_code(path), "python", f"examples/{ex.name}/{rel}")]
    lines += [
        "## What its tests prove {#tests}",
        "",
        f"Each test in `{ex.test_module}` runs the example against the real Inngest server.",
        "",
    ]
    for t in tests:
        url = test_source(f"{ex.test_module}::{t.name}", f"examples/{ex.name}.md")
        lines += [f"### `{t.name}` {{#{t.name}}}", ""]
        if url:
            lines += [f"[Source of the test]({url})", ""]
        lines += [md_text(t.doc.strip()) if t.doc else humanize(t.name) + ".", ""]
        pats = proves.get(t.name, [])
        if pats:
            lines += ["Proves: " + "; ".join(f"*{md_text(p.title)}*" for p in pats) + ".", ""]
    return "\n".join(lines) + "\n"


def trigger_section(ex: catalog.Example, declared: list[tuple[str, str]]) -> list[str]:
    """How to start the example's runs: a copyable request per endpoint, derived from its FastAPI app."""
    found = (_state.get("triggers") or {}).get(ex.name)
    lines = ["## Trigger it {#trigger}", ""]
    if found is None:
        return lines + ["Its endpoints: " + ", ".join(f"`{m} {p}`" for m, p in declared) + ".", ""]
    if found.requests:
        lines += ["With the app running on port 8000, each endpoint takes this request (the smallest body its "
                  "pydantic model accepts; `checks/triggers.py` derives it from the app, and a test sends each one):",
                  ""]
        for t in found.requests:
            lines += [f"`{t.method} {t.route}` ({t.summary.lower()}):", "", fenced(t.curl(), "bash")]
    else:
        lines += ["The app has no endpoint of its own: its functions start from events or a schedule.", ""]
    for fn in found.functions:
        what = [f"the event `{e}`" for e in fn.events] + [f"the schedule `{c}`" for c in fn.crons]
        lines.append(f"- `{fn.function}` runs on " + " or ".join(what) + ".")
    events = [e for fn in found.functions for e in fn.events]
    if events and not found.requests:
        body = json.dumps({"name": events[0], "data": {}})
        lines += ["", "Send the event straight to the dev server (any event key works on a dev server; "
                  "the fields the function reads are in its code below):", "",
                  fenced(f"curl -X POST http://127.0.0.1:8288/e/dev -H 'Content-Type: application/json' -d '{body}'",
                         "bash")]
    lines.append("")
    return lines


def mistake_tests(spec: str | list[str]) -> dict[str, list[TestDoc]]:
    """A mistake record's `tests`: a module path, or a list of "module::test" ids -> module -> its tests."""
    out: dict[str, list[TestDoc]] = {}
    for item in [spec] if isinstance(spec, str) else spec:
        module, _, name = item.partition("::")
        docs = test_docs(module)
        chosen = out.setdefault(module, [])
        chosen += [t for t in docs if (not name or t.name == name) and t not in chosen]
    return out


def mistakes_page(mistakes: list[catalog.Mistake], sitemap: SiteMap) -> str:
    lines = [
        "# Where the usual guidance is wrong",
        "",
        "Claims from the usual Inngest guidance, each run against the real server by a test. "
        "The wrong forms are kept runnable in `mistakes/`, so the tests can show what they really do.",
        "",
        "| Claim | Verdict | Proven by |",
        "| --- | --- | --- |",
    ]
    for mk in mistakes:
        modules = ", ".join(f"`{m}`" for m in mistake_tests(mk.test_module))
        lines.append(f"| [{cell(mk.title)}](#{mk.name}) | {mk.verdict} | {modules} |")
    lines.append("")
    for mk in mistakes:
        kind = "failure" if mk.verdict == "wrong" else "success"
        lines += [
            f"## {md_text(mk.title)} {{#{mk.name}}}",
            "",
            '!!! quote "The usual guidance says"',
            "",
            "    " + md_text(mk.seed_claim),
            "",
            f'!!! {kind} "What really happens"',
            "",
            "    " + md_text(mk.reality),
            "",
        ]
        for module, tests in mistake_tests(mk.test_module).items():
            lines += [f"**Proven by** `{module}`" + (":" if tests else "."), ""]
            lines += [f"- [`{t.name}`]({test_source(f'{module}::{t.name}', 'mistakes.md')})"
                      + (f": {cell(t.doc.splitlines()[0])}" if t.doc else "") for t in tests]
            lines.append("")
        path, _, region = mk.right_form.partition("#")
        where = sitemap.lookup(path)
        link = f"[`{path}`]({where.split('#')[0]})" if where and where.startswith("examples/") else f"`{path}`"
        lines += [f"**The right form**, from {link}:", ""]
        try:
            lines.append(fenced(snippets.region(REPO, mk.right_form), "python", mk.right_form))
        except snippets.SnippetError as exc:
            lines.append(f'!!! warning "Right form not found"\n\n    {exc}\n')
        wrong = mk.path / "main.py"
        if wrong.is_file():
            lines += [f'??? note "The wrong forms, as the test runs them (`mistakes/{mk.name}/main.py`)"', ""]
            lines += ["    " + ln if ln else "" for ln in fenced(display_code(wrong), "python").splitlines()]
            lines.append("")
    return "\n".join(lines) + "\n"


# Worst first: a reader looks for what broke.
RESULT_ORDER = {"failed": 0, "partly run": 1, "not run": 2, "passed": 3}


def result_badge(result: str) -> str:
    """A result as a coloured label (docs/stylesheets/results.css)."""
    kind = re.sub(r"[^a-z]+", "-", result.lower()).strip("-")
    return f'<span class="iw-result iw-{kind}">{html.escape(result)}</span>'


def test_anchor(nodeid: str) -> tuple[str, str | None]:
    """"tests/x/test_y.py::test_z[case]" -> ("tests/x/test_y.py", the top-level name holding test_z: its
    anchor on the file's source page), or None when the file does not define it."""
    path, _, rest = nodeid.partition("::")
    name = rest.split("::")[-1].split("[")[0]
    try:
        tree = ast.parse((REPO / path).read_text())
    except (OSError, SyntaxError):
        return path, None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            return path, name
        if isinstance(node, ast.ClassDef) and any(getattr(n, "name", None) == name for n in node.body):
            return path, node.name
    return path, None


def failures_section(data: dict, failed_rows: list[dict]) -> list[str]:
    failures = data.get("failures") or []
    if not failures and not failed_rows:
        return []
    lines = ["## Failures {#failures}", ""]
    for f in failures:
        nodeid = f.get("test", "")
        lines += [f'!!! failure "`{nodeid}`"', ""]
        url = test_source(nodeid, "validation.md")
        if url:
            lines += [f"    [The test's source]({url})", ""]
        text = (f.get("failure") or "").strip()
        if text:
            lines += ["    " + ln if ln else "" for ln in fenced(text[-3000:], "text").splitlines()]
            lines.append("")
        lines += [f"    Rerun: `.venv/bin/python -m pytest '{nodeid}'`", ""]
    if not failures:
        for r in failed_rows:
            for nodeid in r.get("failed_tests") or r.get("tests", []):
                lines += [f"- `{nodeid}` ({cell(r.get('title', ''))})"]
        lines.append("")
    return lines


def validation_page() -> str:
    data = report()
    lines = ["# Validation report", ""]
    if data is None:
        lines += [
            "**No validation run has been recorded yet.**",
            "",
            "Make one from the root of the repository; it installs everything, builds the Inngest server "
            "and runs every example against it, then writes `reports/validation.json`, which this page shows "
            "the next time the site is built:",
            "",
            fenced("make validate\nmkdocs build --strict   # or: make site", "bash"),
        ]
        return "\n".join(lines) + "\n"
    server = data.get("server") or {}
    counts = data.get("test_counts") or {}
    rows = data.get("patterns") or []
    by_result: dict[str, int] = {}
    for r in rows:
        by_result[r["result"]] = by_result.get(r["result"], 0) + 1
    failed_rows = [r for r in rows if r.get("result") == "failed"]
    if data.get("ok"):
        lines += ['!!! success "All documented patterns that ran passed"', "",
                  f"    Run of **{data.get('date', '?')}**.", ""]
    else:
        lines += [f'!!! failure "Some patterns failed: {len(failed_rows)} of {len(rows)}"', "",
                  f"    Run of **{data.get('date', '?')}**. The failures come first below.", ""]
    lines += failures_section(data, failed_rows)
    lines += [
        "## The run {#run}",
        "",
        "| | |",
        "| --- | --- |",
        f"| Date | {data.get('date', '?')} |",
        f"| Inngest server | `{server.get('tag', '?')}` ({server.get('module', '')}), built "
        f"{server.get('built_at', '?')} with go {server.get('go', '?')} for {server.get('platform', '?')} |",
        f"| Server binary sha256 | `{server.get('sha256', '?')}` |",
        f"| Python SDK | `inngest=={(data.get('sdk') or {}).get('inngest', '?')}` on Python {data.get('python', '?')} |",
        f"| Wall time | {data.get('wall_seconds', '?')} s with {data.get('workers', '?')} worker(s) |",
        *floor_rows(data.get("floor")),
        "| Tests | " + (", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "none") + " |",
        "| Patterns | " + (", ".join(f"{n} {k}" for k, n in sorted(by_result.items())) or "none") + " |",
        "",
        "## Pattern by pattern",
        "",
        "| Example | Pattern | Result | Seconds | Tests |",
        "| --- | --- | --- | --- | --- |",
    ]
    known = {ex.name for ex in catalog.all_examples()}
    for r in sorted(rows, key=lambda r: RESULT_ORDER.get(r.get("result", ""), len(RESULT_ORDER))):
        ex = r.get("example", "")
        ex_cell = f"[{cell(ex)}](examples/{ex}.md)" if ex in known else cell(ex)
        lines.append(
            f"| {ex_cell} | {cell(r.get('title', r.get('pattern', '')))} | {result_badge(r.get('result', '?'))} "
            f"| {r.get('seconds', '')} | {len(r.get('tests', []))} |"
        )
    lines += ["", "Made by `make validate` (or any test session that runs example tests); "
              "it writes `reports/validation.json`."]
    return "\n".join(lines) + "\n"


def floor_rows(floor: dict | None) -> list[str]:
    """The suite's waiting floor (checks/report.py), when the report has one."""
    if not floor or not floor.get("declared_tests"):
        return []
    ratio = floor.get("wall_over_floor")
    return [
        f"| Waiting floor | {floor.get('suite_floor_seconds')} s: the longest of {floor.get('longest_seconds')} s, "
        f"or {floor.get('sum_seconds')} s of designed waits in {floor.get('declared_tests')} tests over "
        f"{floor.get('workers')} worker(s); wall / floor {ratio if ratio is not None else '?'} |",
    ]


def performance_page() -> str:
    """reports/benchmark.md as checks/benchmark.py wrote it (or rendered from benchmark.json)."""
    path = benchmark_path()
    candidates = [path] if path.suffix == ".json" else [path, path.with_suffix(".json")]
    for candidate in candidates:
        if not candidate.is_file():
            continue
        if candidate.suffix == ".md":
            text = candidate.read_text()
            return text if text.lstrip().startswith("# ") else "# Performance\n\n" + text
        try:
            from checks import benchmark

            return benchmark.markdown(json.loads(candidate.read_text()))
        except (ValueError, KeyError, TypeError):
            continue
    lines = ["# Performance", ""]
    measured = readme_performance()
    if measured:
        lines += [
            '!!! note "Measured when README.md was written, not by this build"',
            "",
            "    No benchmark has been recorded yet for this build of the site, so this page shows the table "
            "README.md gives, measured with `checks/benchmark.py` on a 2-core machine. Numbers from the test "
            "configuration (tick 50 ms) are not production numbers.",
            "",
            measured,
            "",
        ]
    lines += [
        "**No benchmark has been recorded yet.**" if not measured else "## Measure it here {#measure}",
        "",
        "Make one from the root of the repository (the full run takes a few minutes and rebuilds the server "
        "once into a temporary directory; `--quick` takes under a minute). It writes `reports/benchmark.json` "
        "and `reports/benchmark.md`, which this page shows the next time the site is built:",
        "",
        fenced(".venv/bin/python checks/benchmark.py --quick\nmkdocs build --strict   # or: make site", "bash"),
    ]
    return "\n".join(lines) + "\n"


def readme_performance() -> str | None:
    """The measured table (and what follows it) from README.md's Performance section."""
    text = (REPO / "README.md").read_text()
    m = re.search(r"^#{2,3} Performance[^\n]*\n(?P<body>.*?)(?=^#{1,3} |\Z)", text, flags=re.M | re.S)
    if not m or "| --- |" not in m.group("body"):
        return None
    return m.group("body").strip()


def source_page(repo_path: str) -> str:
    """A repository file as code with line numbers. A Python file is cut before each top-level function
    and class, each piece under an anchor named after it, so a link can point at one test."""
    path = REPO / repo_path
    lang = LANGS.get(path.suffix, LANGS.get(path.name, "text"))
    code = path.read_text(errors="replace")
    lines = code.rstrip().splitlines()
    starts: list[tuple[int, str]] = []  # (0-based first line, name)
    if path.suffix == ".py":
        try:
            tree = ast.parse(code)
        except SyntaxError:
            tree = None
        for node in tree.body if tree else []:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                starts.append((min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1, node.name))
    cuts = [0] + [line for line, _ in starts if line > 0] + [len(lines)]
    names = dict((line, name) for line, name in starts)
    ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", code)), default=0) + 1)
    out = [f"# `{repo_path}`", ""]
    for i, (begin, end) in enumerate(zip(cuts, cuts[1:], strict=False)):
        if begin >= end:
            continue
        if begin in names:
            out += [f'<a id="{names[begin]}"></a>', ""]
        title = f' title="{repo_path}"' if i == 0 else ""
        out += [f'{ticks}{lang}{title} linenums="{begin + 1}"', *lines[begin:end], ticks, ""]
    return "\n".join(out) + "\n"


CITATION = re.compile(r"`(?P<module>test_[a-z0-9_]+\.py)::(?P<test>test_\w+)`")


def test_modules() -> dict[str, str]:
    """Test file name -> its repository path (names are unique across tests/)."""
    return {p.name: p.relative_to(REPO).as_posix() for p in sorted((REPO / "tests").rglob("test_*.py"))}


def source_link(repo_path: str, name: str | None, doc_path: str, sitemap: SiteMap) -> str:
    """The relative URL of repo_path's source page (at top-level function `name`) from the page doc_path."""
    sitemap.sources.add(repo_path)
    target = posixpath.relpath(f"source/{repo_path}.md", posixpath.dirname(doc_path) or ".")
    return target + (f"#{name}" if name else "")


def test_source(nodeid: str, doc_path: str) -> str | None:
    """The URL (from doc_path) of a test's source lines, e.g. for "tests/x/test_y.py::test_z"."""
    path, name = test_anchor(nodeid)
    if not (REPO / path).is_file() or "sitemap" not in _state:
        return None
    return source_link(path, name, doc_path, _state["sitemap"])


def link_citations(markdown: str, doc_path: str, sitemap: SiteMap) -> str:
    """`test_x.py::test_y` in text becomes a link to that test's source (code blocks and links left alone)."""
    modules = test_modules()

    def fix(m: re.Match) -> str:
        path = modules.get(m.group("module"))
        if path is None:
            return m.group(0)
        _, name = test_anchor(f"{path}::{m.group('test')}")
        return f"[{m.group(0)}]({source_link(path, name, doc_path, sitemap)})"

    def rewrite(line: str) -> str:
        # Not inside an existing link's text: [`...`](...) stays as it is.
        parts = re.split(r"(\[[^\]]*\]\([^)]*\))", line)
        return "".join(p if p.startswith("[") else CITATION.sub(fix, p) for p in parts)

    return outside_fences(markdown, rewrite)


# -- MkDocs events ----------------------------------------------------------------

_state: dict = {}


def references() -> list[Path]:
    refs = sorted((REPO / "references").glob("*.md"))
    rank = {name: i for i, name in enumerate(REFERENCE_ORDER)}
    return sorted(refs, key=lambda p: (rank.get(p.stem, len(rank)), p.stem))


def on_config(config):
    """Build the navigation from what is in the repository (a new example or reference appears by itself)."""
    examples = catalog.all_examples()
    _state["examples"] = examples
    _state["triggers"] = triggers.triggers([ex.name for ex in examples])
    if not config.get("nav"):
        config["nav"] = [
            {"Home": "index.md"},
            {"Use it": "use.md"},
            {"The skill": "skill.md"},
            {"Guides": [{REFERENCE_TITLES.get(p.stem, p.stem.replace("-", " ").capitalize()): f"references/{p.name}"}
                        for p in references()]},
            {"Examples": [{"Gallery": "examples/index.md"}] + [{ex.title.split(":")[0]: f"examples/{ex.name}.md"}
                                                               for ex in examples]},
            {"Where the usual guidance is wrong": "mistakes.md"},
            {"Validation report": "validation.md"},
            {"Performance": "performance.md"},
            {"Agent evals": "evals.md"},
        ]
    return config


def on_files(files: Files, config) -> Files:
    examples = _state.get("examples") or catalog.all_examples()
    sitemap = SiteMap()
    _state["sitemap"] = sitemap  # pages made below register the source pages they link
    origin: dict[str, str] = {}  # docs path -> repo path, for link rewriting

    def add(doc: str, content: str, repo_path: str | None = None) -> None:
        if files.get_file_from_path(doc) is not None:
            files.remove(files.get_file_from_path(doc))
        files.append(File.generated(config, doc, content=content))
        if repo_path:
            origin[doc] = repo_path

    sitemap.add("SKILL.md", "skill.md")
    sitemap.add("README.md", "index.md")
    sitemap.add("docs/use.md", "use.md")
    sitemap.add("docs/evals.md", "evals.md")
    sitemap.add("reports/validation.json", "validation.md")
    sitemap.add("reports/benchmark.md", "performance.md")
    sitemap.add("reports/benchmark.json", "performance.md")
    sitemap.add("examples", "examples/index.md")
    sitemap.add("mistakes", "mistakes.md")
    for ref in references():
        sitemap.add(f"references/{ref.name}", f"references/{ref.name}")
        add(f"references/{ref.name}", ref.read_text(), f"references/{ref.name}")
    add("skill.md", overview_page(), "SKILL.md")
    add("index.md", home_page(examples), "README.md")
    add("examples/index.md", gallery_page(examples))
    for ex in examples:
        add(f"examples/{ex.name}.md", example_page(ex), f"examples/{ex.name}/example.toml")
    add("mistakes.md", mistakes_page(catalog.all_mistakes(), sitemap))
    add("validation.md", validation_page())
    add("performance.md", performance_page())
    _state["sitemap"] = sitemap
    _state["origin"] = origin
    # Rewrite links now (not per page) so that the source/ pages they need exist before the build.
    rewritten: dict[str, str] = {}
    for doc, repo_path in origin.items():
        text = files.get_file_from_path(doc).content_string
        rewritten[doc] = link_citations(rewrite_links(titled_snippets(text), repo_path, doc, sitemap), doc, sitemap)
    for doc, text in rewritten.items():
        add(doc, text)
    for repo_path in sorted(sitemap.sources):
        add(f"source/{repo_path}.md", source_page(repo_path))
    return files
