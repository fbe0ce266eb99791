"""Docs cannot drift from tested code: every Python block in SKILL.md and
references/ is a region of a file that tests run."""

import ast
import re

from checks import snippets


def test_every_python_block_matches_its_source_region():
    problems = snippets.check()
    assert not problems, "\n".join(problems)


def test_wrong_blocks_say_why_and_parse():
    for doc in snippets.docs():
        for block in snippets.blocks(doc):
            first = block.code.lstrip().splitlines()[0] if block.code.strip() else ""
            if first.startswith("# WRONG"):
                assert first.startswith("# WRONG: ") and len(first) > len("# WRONG: ") + 5, (
                    f"{doc.name}:{block.line}: a WRONG block must say why on its first line"
                )
            ast.parse(block.code)  # every block, right or wrong, is valid Python


# What the usual guidance gets wrong may appear only inside `# WRONG:` blocks.
FORBIDDEN_OUTSIDE_WRONG = {
    "string duration": re.compile(
        r"""(sleep\(\s*["'][^"']+["']\s*,\s*["']\d+\s*[smhdw]["']|"""
        r"""(timeout|period|retry_after|start|finish)\s*=\s*["']\d+\s*(ms|[smhdw])["'])"""
    ),
    "inngest.errors import": re.compile(r"inngest\.errors"),
    "interpolated match expression": re.compile(r"""(if_exp|expression)\s*=\s*(f["']|["'][^"']*["']\s*(%|\+|\.format))"""),
    "is_production from the environment": re.compile(r"is_production\s*=\s*(os\.|not |\w+\s*==)"),
}


def test_right_forms_contain_none_of_the_usual_mistakes():
    problems = []
    for doc in snippets.docs():
        for block in snippets.blocks(doc):
            if block.code.lstrip().startswith("# WRONG"):
                continue
            for what, pattern in FORBIDDEN_OUTSIDE_WRONG.items():
                if pattern.search(block.code):
                    problems.append(f"{doc.name}:{block.line}: {what} outside a WRONG block")
    assert not problems, "\n".join(problems)


def test_the_mistake_patterns_do_catch_the_mistakes():
    wrong = [
        'await ctx.step.sleep("wait-1-day", "1d")',
        'timeout="7d"',
        "from inngest.errors import NonRetriableError",
        "if_exp=f\"async.data.id == '{lead_id}'\"",
        'is_production=os.getenv("ENVIRONMENT") == "production"',
    ]
    for code in wrong:
        assert any(p.search(code) for p in FORBIDDEN_OUTSIDE_WRONG.values()), code
