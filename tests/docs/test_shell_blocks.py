"""Every fenced shell block in the pack's Markdown is run by a test or says why not."""

import ast
import re

import pytest

from checks import shell_blocks

BLOCKS = shell_blocks.all_blocks()


def test_there_are_shell_blocks_to_check():
    assert len(BLOCKS) >= 5, [b.where for b in BLOCKS]


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.where)
def test_every_shell_block_is_run_by_a_test_or_says_why_not(block):
    assert block.run_by or block.not_run, (
        f"{block.where}: a ```{block.lang} block needs `<!-- shell: ID run-by: tests/x.py::test_y -->` "
        f"or `<!-- not-run: <reason> -->` on the line before it"
    )
    if block.not_run is not None:
        assert len(block.not_run.split()) >= 3, f"{block.where}: say why it cannot run ({block.not_run!r})"


def _test_names(path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.run_by], ids=lambda b: b.where)
def test_the_cited_test_exists_and_fetches_this_block(block):
    path_part, name = block.run_by.split("::")
    path = shell_blocks.REPO / path_part
    assert path.is_file(), f"{block.where}: {path_part} does not exist"
    assert name in _test_names(path), f"{block.where}: {path_part} has no {name}"
    assert re.search(rf"""["']{re.escape(block.block_id)}["']""", path.read_text()), (
        f"{block.where}: {path_part} never asks for block {block.block_id!r}"
    )


def test_block_ids_are_unique():
    ids = [b.block_id for b in BLOCKS if b.block_id]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_the_checker_finds_an_unmarked_block(tmp_path):
    doc = tmp_path / "x.md"
    doc.write_text("text\n\n```bash\necho hi\n```\n\n<!-- not-run: needs a browser window -->\n```sh\nls\n```\n")
    found = shell_blocks.blocks_in(doc)
    assert [(b.line, b.run_by, b.not_run) for b in found] == [(3, None, None), (8, None, "needs a browser window")]
