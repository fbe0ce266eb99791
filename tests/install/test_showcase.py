"""`python -m checks.showcase`: the dev server and every example, synced, with where to look."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from checks import catalog
from checks.pytest_pack import expected_slugs, load_example
from checks.showcase import runs_payload
from inngest_kit.api import now_rfc3339

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def showcase_output() -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INNGEST_")}
    proc = subprocess.run([sys.executable, "-m", "checks.showcase", "--port", "0", "--exit-after", "1"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=170)
    assert proc.returncode == 0, f"showcase exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def test_every_example_is_served_and_synced(showcase_output):
    names = [ex.name for ex in catalog.all_examples()]
    assert f"{len(names)}/{len(names)} examples synced" in showcase_output
    for name in names:
        assert f"synced {name} " in showcase_output, f"{name} was not synced"
        for slug in expected_slugs(load_example(name)):
            assert slug in showcase_output, f"function {slug} of {name} is not listed"


def test_the_table_lists_endpoints_and_where_to_look(showcase_output):
    assert "example" in showcase_output and "endpoints to try" in showcase_output
    assert "/expenses/{expense_id}/decision" in showcase_output  # a route of examples/approval
    assert "/v0/gql" in showcase_output
    assert showcase_output.count("curl -s ") >= len(catalog.all_examples())
    assert "running for 1 s (--exit-after)" in showcase_output


@pytest.mark.integration
def test_the_printed_runs_query_lists_runs(inngest_api, serve_example):
    """The query in the printed curl is valid against the server and finds a function's runs."""
    app = serve_example("lead_routing")
    since = now_rfc3339(-5)
    resp = app.http.post("/leads", json={"name": "Bob", "email": "bob@shop.example", "company_size": 3})
    run = inngest_api.complete(resp.json()["event_ids"][0], function="route-lead")
    payload = runs_payload(inngest_api.function_id(run.function_slug), since)
    data = inngest_api.gql(payload["query"], **payload["variables"])
    assert run.id in [e["node"]["id"] for e in data["runs"]["edges"]]
