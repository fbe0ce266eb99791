"""`inngest-lint` (also `inngest-kit lint`): lint Python code that uses the Inngest SDK.

  inngest-lint [--static | --server] [--json] [--select IDS] [--ignore IDS] PATH...
  inngest-lint --list-rules

  PATH          files or folders (folders are walked for *.py, skipping .venv, venv,
                node_modules, __pycache__ and .git)
  (default)     static rules, then the SDK check: each file that uses inngest is
                imported in a child interpreter and every function's config is built
                and serialised with the SDK's own models, as a sync does
  --static      static rules only: no import, nothing runs (pre-commit friendly, < 1 s)
  --server      also serve each app and sync it against a throwaway real Inngest
                dev server; report what the server refuses or changes
  --json        print a JSON list of {path, line, col, rule, message, hint}
  --select IDS  comma-separated rule ids to run (default: all)
  --ignore IDS  comma-separated rule ids to skip
  --list-rules  print the rule table (markdown) and exit

Output: one finding per line, `path:line:col: RULE-ID message (fix: hint)`.
Exit status: 0 clean, 1 findings, 2 bad usage or a file that does not parse.
Silence one line with a trailing `# inngest-lint: ignore[INN004]` (several ids
comma-separated; a bare `# inngest-lint: ignore` silences every rule there).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import asdict

from .rules import ALL_RULE_IDS, RULES, Finding
from .static import ParseError, iter_python_files, lint_source, suppressions

SDK_VERSION_PINNED = "0.5.19"
RELEVANT = re.compile(r"inngest|INNGEST|signkey|ctx|step|Context")


def rules_table() -> str:
    lines = ["| id | catches | why | fix | decided by |", "| --- | --- | --- | --- | --- |"]
    for rule in RULES.values():
        cells = [rule.id, rule.catches, rule.why, rule.fix, rule.decided_by]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def parse_ids(value: str | None, parser: argparse.ArgumentParser, option: str) -> set[str] | None:
    if value is None:
        return None
    ids = {i.strip().upper() for i in value.split(",") if i.strip()}
    unknown = sorted(ids - set(ALL_RULE_IDS))
    if unknown or not ids:
        parser.error(f"{option}: unknown rule id(s): {', '.join(unknown) or value!r} "
                     f"(known: {', '.join(ALL_RULE_IDS)})")
    return ids


def _quiet(findings: list[Finding], sources: dict[str, str], explained: set[str]) -> list[Finding]:
    """Apply inline suppressions; drop the SDK check's verdict on a file a static rule already
    explains (an import fails at its first error: the static finding names it better)."""
    kept = []
    cache: dict[str, dict] = {}
    for f in findings:
        if f.rule in ("INN100", "INN101") and os.path.realpath(f.path) in explained:
            continue
        quiet = cache.setdefault(f.path, suppressions(sources.get(f.path, "")))
        if f.line in quiet and (quiet[f.line] is None or f.rule in quiet[f.line]):
            continue
        kept.append(f)
    return kept


def lint_paths(paths: list[str], *, mode: str = "sdk", select: set[str] | None = None,
               notes: list[str] | None = None) -> tuple[list[Finding], bool]:
    """Lint files and folders; (findings, whether some file could not be parsed or read)."""
    selected = select if select is not None else set(ALL_RULE_IDS)
    findings: list[Finding] = []
    broken = False
    sources: dict[str, str] = {}
    for root in paths:
        for path in iter_python_files(root):
            try:
                with open(path, encoding="utf-8") as fh:
                    source = fh.read()
                sources[path] = source
                if RELEVANT.search(source):  # a file that names none of these has nothing to report
                    findings.extend(lint_source(source, path, selected))
            except ParseError as err:
                print(err, file=sys.stderr)
                broken = True
            except (OSError, UnicodeDecodeError) as err:
                print(f"{path}:1:1: could not read: {err}", file=sys.stderr)
                broken = True
    if mode in ("sdk", "server"):
        using = [p for p, src in sources.items() if "inngest" in src]
        explained = {os.path.realpath(f.path) for f in findings}
        extra: list[Finding] = []
        from .sdk import sdk_check

        got, got_notes = sdk_check(using)
        extra += got
        if notes is not None:
            notes.extend(got_notes)
        if mode == "server":
            from .server_check import server_check_files

            got, got_notes = server_check_files(using)
            extra += got
            if notes is not None:
                notes.extend(got_notes)
        real = {os.path.realpath(p): p for p in sources}
        for f in extra:
            f.path = real.get(os.path.realpath(f.path), f.path)
        by_real = {os.path.realpath(p): src for p, src in sources.items()}
        extra = [f for f in extra if f.rule in selected]
        kept = _quiet(extra, {f.path: by_real.get(os.path.realpath(f.path), "") for f in extra}, explained)
        findings += [f for f in kept if (os.path.realpath(f.path), f.line, f.rule) not in
                     {(os.path.realpath(g.path), g.line, g.rule) for g in findings}]
    findings.sort(key=lambda f: (f.path, f.line, f.col, f.rule))
    return findings, broken


def main(argv: list[str] | None = None, prog: str = "inngest-lint") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=f"Lint Python code that uses the Inngest SDK "
                                                            f"(rules written against inngest=={SDK_VERSION_PINNED}).")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--static", action="store_true", help="static rules only: import nothing")
    mode.add_argument("--server", action="store_true", help="also sync each app against a throwaway real server")
    parser.add_argument("--json", action="store_true", help="print findings as a JSON list")
    parser.add_argument("--select", metavar="IDS", help="comma-separated rule ids to run")
    parser.add_argument("--ignore", metavar="IDS", help="comma-separated rule ids to skip")
    parser.add_argument("--list-rules", action="store_true", help="print the rule table (markdown)")
    args = parser.parse_args(argv)

    if args.list_rules:
        print(rules_table())
        return 0
    selected = parse_ids(args.select, parser, "--select") or set(ALL_RULE_IDS)
    selected -= parse_ids(args.ignore, parser, "--ignore") or set()
    if not args.paths:
        parser.error("no PATH given")
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")

    notes: list[str] = []
    mode_name = "static" if args.static else "server" if args.server else "sdk"
    findings, broken = lint_paths(args.paths, mode=mode_name, select=selected, notes=notes)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    if args.json:
        print(json.dumps([asdict(f) for f in findings], indent=2))
    else:
        for f in findings:
            print(f.format())
    if broken:
        return 2
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
