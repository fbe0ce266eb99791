"""Docs cannot drift from tested code: every Python block in SKILL.md and
references/ is a region of a file that tests run."""

import ast

from harness import snippets


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
