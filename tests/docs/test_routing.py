"""Reading SKILL.md as an agent would: every route names sections that exist, and
concrete tasks reach runnable, tested code in two hops (SKILL.md -> a reference
section -> an example region)."""

import re

import pytest

from checks.catalog import REPO

SKILL = (REPO / "SKILL.md").read_text()
ROUTES = re.findall(r"^\| (.+?) \| references/([\w-]+\.md) — (.+?) \| (.+?) \|$", SKILL, re.M)


def _headings(doc: str) -> dict[str, str]:
    """heading text -> the section's body (up to the next heading of the same or higher level)."""
    text = (REPO / "references" / doc).read_text()
    parts = re.split(r"^(#{2,3}) (.+)$", text, flags=re.M)
    return {parts[i + 1].strip(): parts[i + 2] for i in range(1, len(parts) - 1, 3)}


def test_the_routing_table_is_found():
    assert len(ROUTES) >= 10


@pytest.mark.parametrize("task,doc,sections,start", ROUTES, ids=[r[0][:40] for r in ROUTES])
def test_every_route_names_existing_sections_and_examples(task, doc, sections, start):
    headings = _headings(doc)
    names = [n.strip() for n in re.split(r",| then ", sections.replace("(the table first)", "")) if n.strip()]
    for name in names:
        if name == "those sections":
            continue
        assert any(h == name or h.startswith(name) for h in headings), f"{doc} has no section {name!r}"
    for folder in re.findall(r"`examples/([\w]+)/`", start):
        assert (REPO / "examples" / folder / "main.py").is_file(), folder


@pytest.mark.parametrize(
    "task,keyword,doc,section,must_contain",
    [
        ("add a 48-hour approval step to this FastAPI workflow", "48 h", "improve.md", "Waiting for events",
         "examples/approval/functions.py#approve_expense"),
        ("why does my run wait forever", "waits forever", "debug.md", "Symptoms", "A run waits forever"),
        ("stop duplicate emails", "duplicate charges or emails", "improve.md", "Idempotency",
         "examples/payment_idempotency/functions.py#charge_invoice"),
    ],
)
def test_concrete_tasks_reach_runnable_answers_in_two_hops(task, keyword, doc, section, must_contain):
    row = next((r for r in ROUTES if keyword in r[0]), None)
    assert row is not None, f"SKILL.md routes nowhere for {task!r}"
    assert row[1] == doc and section in row[2]
    body = _headings(doc)[section]
    assert must_contain in body, f"{doc} § {section} does not lead to {must_contain}"
