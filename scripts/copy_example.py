#!/usr/bin/env python3
"""Copy one of the pack's examples into your project as a working starting point.

    python3 scripts/copy_example.py NAME TARGET_DIR [--app-id ID] [--package NAME]
    python3 scripts/copy_example.py --list

examples/NAME becomes the package TARGET_DIR/<package>/ (default: NAME), with
  - its own Inngest app id, written into its client module (default: the package
    name with dashes), so it is a new app next to anything already synced;
  - only the code: no example.toml, no caches; mentions of the pack's test files
    in comments are marked as the pack's;
  - relative imports only (checked: an import of the pack's own packages fails the copy);
  - its test, rewritten to the kit's pytest fixtures (inngest_app instead of the
    pack's serve_example, no pack-only markers), as TARGET_DIR/tests/test_<package>.py:
    with the kit installed (pip install <pack>/kit) it runs against the real server
    in your project (`python -m pytest tests/test_<package>.py`). --no-test skips it.
Then it prints how to run it. Standard library only.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import sys
from pathlib import Path

PACK = Path(__file__).resolve().parent.parent
EXAMPLES = PACK / "examples"
# The versions every claim of the pack was measured with (pyproject.toml pins the same; a test checks).
PROVEN_WITH = {"inngest": "0.5.19", "fastapi": "0.165.0", "uvicorn": "0.54.0"}
PACK_PACKAGES = {"examples", "kit", "checks", "site_build", "mistakes", "tests", "scripts"}
# The kit is what the copied test runs on: installed with pip, not part of the pack's tree.
KIT_DIR = PACK / "kit"
KIT_FROM_GIT = '"inngest-workflow-kit @ git+<the pack\'s git URL>#subdirectory=kit"'
# Markers only the pack's own pytest plugin defines.
PACK_MARKERS = ("wait_floor", "slow", "security", "reliability")
SKIP = {"example.toml", "__pycache__"}
APP_ID = re.compile(r"""(app_id\s*=\s*)(["'])([^"']+)\2""")
TEST_PATH = re.compile(r"(?<![\w/.-])(tests/[\w/]+\.py)")
ROUTE_METHODS = ("get", "post", "put", "patch", "delete")


class CopyError(Exception):
    pass


def examples() -> list[str]:
    return sorted(p.parent.name for p in EXAMPLES.glob("*/main.py"))


def check_imports(path: Path, depth: int) -> None:
    """Fail on imports that only work inside the pack's repository. `depth`: how many
    folders below the copied package's root the file sits (a relative import may go up that far)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level - 1 > depth:
                raise CopyError(f"{path.name}:{node.lineno}: imports from outside its package (level {node.level})")
            if node.level == 0 and node.module:
                names = [node.module]
        for name in names:
            if name.split(".")[0] in PACK_PACKAGES:
                raise CopyError(f"{path.name}:{node.lineno}: `{name}` exists only in the pack's repository")


def routes(main_py: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(main_py.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for dec in node.decorator_list:
                if (isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute)
                        and dec.func.attr in ROUTE_METHODS and dec.args
                        and isinstance(dec.args[0], ast.Constant) and isinstance(dec.args[0].value, str)):
                    found.append(f"{dec.func.attr.upper()} {dec.args[0].value}")
    return found


def test_source(name: str) -> Path | None:
    """The example's own test: the `tests` entry of its example.toml."""
    record = EXAMPLES / name / "example.toml"
    if not record.is_file():
        return None
    found = re.search(r'^tests\s*=\s*"([^"]+)"', record.read_text(encoding="utf-8"), re.M)
    path = PACK / found.group(1) if found else None
    return path if path and path.is_file() else None


def example_app_id(name: str) -> str | None:
    for path in sorted((EXAMPLES / name).rglob("*.py")):
        found = APP_ID.search(path.read_text(encoding="utf-8"))
        if found:
            return found.group(3)
    return None


def rewrite_test(text: str, name: str, package: str, app_id: str | None = None) -> str:
    """The pack's test of examples/NAME, rewritten to run on the kit alone in a project
    where the example is the package `package`. Raises CopyError when something in it
    exists only in the pack (a helper of checks/, a pack fixture)."""
    text = text.replace(f"examples.{name}.", f"{package}.")
    text = re.sub(rf"examples/{re.escape(name)}\b", package, text)
    text = text.replace('f"examples.{name}.', 'f"{name}.')
    old_app_id = example_app_id(name)
    if app_id and old_app_id and old_app_id != app_id:
        # Function slugs are "<app id>-<function id>": the copy's start with its own app id.
        text = re.sub(rf"""(?<=["'/ ]){re.escape(old_app_id)}(?=[-"'])""", app_id, text)
    # serve_example("NAME") -> inngest_app("PKG.main:app"): the kit serves an app from its import path.
    text = re.sub(rf"""serve_example\((["']){re.escape(name)}\1\)""", f'inngest_app("{package}.main:app")', text)
    text = re.sub(r"serve_example\((\w+)\)", r'inngest_app(f"{\1}.main:app")', text)
    text = re.sub(rf"""(["']){re.escape(name)}\1""", f'"{package}"', text)
    text = re.sub(r"\bserve_example\b", "inngest_app", text)
    markers = "|".join(PACK_MARKERS)
    text = re.sub(rf"^[ \t]*@pytest\.mark\.({markers})\b.*\n", "", text, flags=re.M)
    text = re.sub(rf",\s*pytest\.mark\.({markers})\b(\([^)]*\))?", "", text)
    text = re.sub(rf"pytest\.mark\.({markers})\b(\([^)]*\))?,\s*", "", text)
    text = TEST_PATH.sub(r"inngest-workflow:\1", text)
    leftovers = [m for m in (*(f"pytest.mark.{k}" for k in PACK_MARKERS), "examples.") if m in text]
    if leftovers:
        raise CopyError(f"its test still uses the pack's {', '.join(leftovers)}")
    try:
        ast.parse(text)
    except SyntaxError as exc:
        raise CopyError(f"its rewritten test does not parse: {exc}") from None
    return text


def copy_test(name: str, package: str, tests_dir: Path, app_id: str | None = None) -> tuple[Path | None, str | None]:
    """Write the rewritten test as tests_dir/test_<package>.py: (path, None), or (None, why not)."""
    source = test_source(name)
    if source is None:
        return None, f"examples/{name} names no test"
    dest = tests_dir / f"test_{package}.py"
    if dest.exists():
        return None, f"{dest} already exists"
    try:
        text = rewrite_test(source.read_text(encoding="utf-8"), name, package, app_id)
        tests_dir.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
        check_imports(dest, 0)
    except CopyError as exc:
        dest.unlink(missing_ok=True)
        return None, f"{source.relative_to(PACK)} was not copied: {exc}"
    return dest, None


def copy_example(name: str, target_dir: Path, *, package: str | None = None, app_id: str | None = None) -> Path:
    src = EXAMPLES / name
    if not (src / "main.py").is_file():
        raise CopyError(f"no example {name!r}; choose one of: {', '.join(examples())}")
    package = package or name
    if not package.isidentifier():
        raise CopyError(f"--package {package!r} is not a Python identifier")
    app_id = app_id or package.replace("_", "-")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", app_id):
        raise CopyError(f"--app-id {app_id!r}: use letters, digits, '-', '_' or '.'")
    dest = target_dir / package
    if dest.exists() and any(dest.iterdir()):
        raise CopyError(f"{dest} already exists and is not empty")

    files = [p for p in sorted(src.rglob("*")) if p.is_file() and not (SKIP & set(p.relative_to(src).parts))
             and not p.name.endswith((".pyc", ".pyo"))]
    texts: dict[Path, str] = {}
    app_ids_rewritten = 0
    for path in files:
        if path.suffix != ".py":
            continue
        text = path.read_text(encoding="utf-8")
        # The copy's module path replaces the pack's in docstrings ("uvicorn examples.NAME.main:app").
        text = text.replace(f"examples.{name}.", f"{package}.").replace(f"examples/{name}/", f"{package}/")
        text = TEST_PATH.sub(r"inngest-workflow:\1", text)
        text, n = APP_ID.subn(lambda m: f"{m.group(1)}{m.group(2)}{app_id}{m.group(2)}", text)
        app_ids_rewritten += n
        texts[path] = text
    if app_ids_rewritten != 1:
        raise CopyError(f"expected one `app_id=` in examples/{name}, found {app_ids_rewritten}")

    dest.mkdir(parents=True, exist_ok=True)
    try:
        for path in files:
            out = dest / path.relative_to(src)
            out.parent.mkdir(parents=True, exist_ok=True)
            if path in texts:
                out.write_text(texts[path], encoding="utf-8")
                check_imports(out, len(path.relative_to(src).parts) - 1)
            else:
                shutil.copy2(path, out)
    except CopyError:
        shutil.rmtree(dest)
        raise
    return dest


def kit_requirement() -> str:
    """How to pip install the kit: the pack's kit/ folder when this runs from the pack, else its git URL."""
    return str(KIT_DIR) if (KIT_DIR / "pyproject.toml").is_file() else KIT_FROM_GIT


def how_to_run(dest: Path, name: str, package: str, app_id: str, test: Path | None = None,
               no_test: str | None = None) -> str:
    pins = " ".join(f"{k}=={v}" for k, v in PROVEN_WITH.items())
    eps = routes(dest / "main.py")
    lines = [
        f"copied examples/{name} -> {dest}  (Inngest app id: {app_id})",
    ]
    if test is not None:
        lines.append(f"its test -> {test}")
    elif no_test:
        lines.append(f"no test copied: {no_test}")
    lines += [
        "",
        "Run it:",
        f"  cd {dest.parent}",
        f"  pip install {pins} {kit_requirement()}",
    ]
    if test is not None:
        rel = test.relative_to(dest.parent) if test.is_relative_to(dest.parent) else test
        lines.append(f"  python -m pytest {rel}   # proves it against the real Inngest server (the kit starts one)")
    lines += [
        "  inngest-kit dev      # terminal 1: Inngest dev server, 127.0.0.1:8288",
        f"  INNGEST_DEV=1 uvicorn {package}.main:app --port 8000       # terminal 2: the app",
        "  curl -X PUT http://127.0.0.1:8000/api/inngest            # sync the app with the server",
    ]
    if eps:
        lines += ["", "Endpoints:"] + [f"  {e}   (http://127.0.0.1:8000{e.split(' ', 1)[1]})" for e in eps]
    lines += ["", "In production leave INNGEST_DEV unset and set INNGEST_SIGNING_KEY and INNGEST_EVENT_KEY."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", nargs="?", help="the example (a folder of examples/)")
    parser.add_argument("target_dir", nargs="?", type=Path, help="your project folder")
    parser.add_argument("--package", help="package name of the copy (default: NAME)")
    parser.add_argument("--app-id", help="Inngest app id of the copy (default: the package name with dashes)")
    parser.add_argument("--tests-dir", type=Path, help="where its test goes (default: TARGET_DIR/tests)")
    parser.add_argument("--no-test", action="store_true", help="copy the code only, not its test")
    parser.add_argument("--list", action="store_true", help="list the examples")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(examples()))
        return 0
    if not args.name or not args.target_dir:
        parser.error("NAME and TARGET_DIR are required")
    package = args.package or args.name
    app_id = args.app_id or package.replace("_", "-")
    try:
        dest = copy_example(args.name, args.target_dir.expanduser().resolve(), package=package, app_id=app_id)
    except CopyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    test, why_not = None, None
    if not args.no_test:
        tests_dir = (args.tests_dir or args.target_dir / "tests").expanduser().resolve()
        test, why_not = copy_test(args.name, package, tests_dir, app_id)
    print(how_to_run(dest, args.name, package, app_id, test, why_not))
    return 0


if __name__ == "__main__":
    sys.exit(main())
