"""Inngest match and key expressions, parsed with a real CEL parser (cel-python).

The server compiles expressions with cel-go in an environment that declares the
variables `event`, `async` and `vars` (pkg/expressions/exprenv/exprenv.go:27-31,
60-77 of server v1.44.0); `vars` is the server's own, so a user's expression may
name `event` and `async` only. cel-python's Lark grammar covers the CEL syntax
Inngest uses (operators, member access, indexing, `has()`, macros such as
`exists`, ternaries, lists and maps); its limits are listed in references/debug.md
and measured against the server by tests/lint/test_cel_dialect.py.

The parser is built from cel-python's own grammar file with Lark's grammar cache,
so a lint run does not pay the 0.3 s grammar analysis every time.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

ALLOWED_NAMES = frozenset({"event", "async"})
# Macros whose first argument is a variable bound inside the call (CEL spec).
BINDING_MACROS = frozenset({"all", "exists", "exists_one", "map", "filter"})


@dataclass
class Verdict:
    error: str | None  # the parser's message when the expression does not parse
    names: set[str]  # top-level variables referenced


def _grammar_file() -> Path | None:
    spec = importlib.util.find_spec("celpy")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations)), "cel.lark")
    return path if path.is_file() else None


def _cache_file(grammar: Path) -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base, "inngest-workflow", "lint")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir())
    stat = grammar.stat()
    return str(folder / f"cel-lark-{stat.st_size}-{int(stat.st_mtime)}.cache")


@functools.cache
def _parser():
    """cel-python's parser: its grammar and Lark options, with Lark's on-disk cache."""
    import lark

    grammar = _grammar_file()
    if grammar is None:
        raise ImportError("cel-python is not installed (pip install cel-python)")

    def literal(token: lark.Token) -> lark.Token:
        # cel-python's lexer callback: `true`/`false` are literals, not identifiers.
        return lark.Token("BOOL_LIT", token.value) if token.value in ("true", "false") else token

    return lark.Lark(grammar.read_text(), parser="lalr", start="expr", g_regex_flags=re.M,
                     lexer_callbacks={"IDENT": literal}, propagate_positions=True,
                     maybe_placeholders=False, priority="invert", cache=_cache_file(grammar))


def available() -> bool:
    return _grammar_file() is not None


def check(text: str) -> Verdict:
    import lark

    try:
        tree = _parser().parse(text)
    except lark.exceptions.UnexpectedInput as err:
        column = getattr(err, "column", None)
        where = f" at column {column}" if isinstance(column, int) and column > 0 else ""
        return Verdict(f"does not parse as CEL{where}", set())
    except lark.exceptions.LarkError as err:
        return Verdict(f"does not parse as CEL: {str(err).splitlines()[0]}", set())
    return Verdict(None, _free_names(tree))


def _free_names(tree) -> set[str]:
    """Variables at the root of member chains (`event` in `event.data.x`), minus macro-bound ones."""
    import lark

    names: set[str] = set()
    bound: set[str] = set()
    for node in tree.iter_subtrees():
        if node.data == "member_dot_arg" and len(node.children) >= 2:
            method, args = node.children[1], node.children[2] if len(node.children) > 2 else None
            if isinstance(method, lark.Token) and method.value in BINDING_MACROS and args is not None:
                first = next(iter(args.children), None)
                bound |= {t.value for t in first.scan_values(lambda v: isinstance(v, lark.Token) and v.type == "IDENT")} \
                    if isinstance(first, lark.Tree) else set()
        if node.data == "ident":
            for tok in node.children:
                if isinstance(tok, lark.Token) and tok.type == "IDENT":
                    names.add(tok.value)
    return names - bound
