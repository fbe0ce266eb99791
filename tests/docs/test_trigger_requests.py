"""The request each example page shows (checks/triggers.py, from the app's routes and pydantic models)
is one its endpoint accepts: sent to the app, with the app's Inngest client pointed at the real dev
server, none is refused."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from checks import catalog, triggers

pytestmark = pytest.mark.integration

EXAMPLES = [ex.name for ex in catalog.all_examples()]


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_shown_request_is_accepted_by_its_endpoint(name, inngest_server):
    found = triggers.example_requests(name)
    app = __import__(f"examples.{name}.main", fromlist=["app"]).app
    with TestClient(app) as client:
        for t in found:
            resp = client.request(t.method, t.path, json=t.body)
            # 422: the body or path does not fit the route (the page would be wrong). Another 4xx is the
            # app's own answer about its data: batch_migration has no legacy table until one is loaded.
            said = f"{t.curl()} -> {resp.status_code} {resp.text[:300]}"
            assert resp.status_code not in (405, 422) and resp.status_code < 500, said
            assert resp.text != '{"detail":"Not Found"}', said  # FastAPI's answer for a path no route has


class Line(BaseModel):
    sku: str = Field(min_length=6, pattern=r"^[A-Z0-9-]+$")
    qty: int = Field(gt=2, le=9)


class Order(BaseModel):
    email: str
    lines: list[Line] = Field(min_length=2)
    note: str = ""
    express: bool | None = None


def test_a_body_is_derived_from_the_model_with_its_constraints():
    """Required fields only, each meeting its bounds and pattern: the smallest body the model accepts."""
    app = FastAPI()

    @app.post("/shops/{shop_id}/orders")
    async def place(shop_id: int, order: Order) -> dict:
        return {}

    (t,) = triggers.requests_for(app)
    assert (t.method, t.route, t.path) == ("POST", "/shops/{shop_id}/orders", "/shops/1/orders")
    assert t.body == {"email": "ana@example.com", "lines": [{"sku": "SKU-1X", "qty": 3}] * 2}
    assert TestClient(app).post(t.path, json=t.body).status_code == 200
    assert t.curl().startswith("curl -X POST http://127.0.0.1:8000/shops/1/orders -H 'Content-Type: application/json'")


def test_the_site_shows_each_examples_requests_from_a_cache_that_follows_the_code(tmp_path, monkeypatch):
    from inngest_kit import server as server_tools

    monkeypatch.setenv("INNGEST_WORKFLOW_CACHE", str(tmp_path))
    assert server_tools.cache_root() == tmp_path
    first = triggers.triggers(["approval"])["approval"]
    assert [t.route for t in first.requests] == ["/expenses", "/expenses/{expense_id}/decision"]
    assert first.functions and first.functions[0].events == ("expense/submitted",)
    cached = list((tmp_path / "site-triggers").glob("approval-*.json"))
    assert len(cached) == 1
    assert triggers.triggers(["approval"])["approval"] == first
