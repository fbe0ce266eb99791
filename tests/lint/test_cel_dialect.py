"""How well cel-python parses Inngest's expression dialect, measured against the server.

Each expression is given to the real server as a debounce key (the server compiles a key
with cel-go in its environment of `event`, `async` and `vars`, and refuses the sync when
it does not compile: pkg/inngest/function.go:518-521). The linter's verdict (INN020 does
not parse, INN021 names something other than `event`/`async`) must match the server's on
every expression, except the gaps listed, which must really be gaps (so the docs stay true).
"""

from __future__ import annotations

import datetime

import fastapi
import inngest
import inngest.fast_api
import pytest

from inngest_kit.apps import ServedApp
from inngest_kit.lint import expressions

ACCEPTED = [
    "event.data.user_id",
    "event.data.customer.id",
    "event.data['order-id']",
    "event.data.items[0].sku",
    "event.data.plan == 'pro' ? 'high' : 'low'",
    "event.data.amount > 100 && event.data.currency == \"EUR\"",
    "event.data.region + '-' + event.data.tier",
    "has(event.data.account_id) ? event.data.account_id : event.data.email",
    "size(event.data.tags) > 2",
    "event.data.tags.exists(t, t == 'vip')",
    "event.data.plan in ['pro', 'team']",
    "lowercase(event.data.email)",
    "!(event.data.test == true) || event.data.force",
]
REFUSED = [
    "event.data.plan = 'pro'",  # `=` is not an operator
    "event.data.a == 1 and event.data.b == 2",  # Python's `and`
    "event.data.plan not in ['free']",  # Python's `not in`
    "event.data.user_id)",  # unbalanced
    "'O'Brien' == event.data.name",  # a quote inside single quotes
    "data.user_id",  # no `event.`
    "ctx.event.data.user_id",  # the Python context
    "evt.data.user_id",  # a misspelt root
    "event.data.id == payload.id",
]
# (expression, why the linter and the server disagree)
KNOWN_GAPS = [
    ("nosuchfunction(event.data.email)", "cel-python parses any call; only the server knows its function set"),
    ("vars.region", "the server declares `vars` for its own use; the linter allows only `event` and `async`"),
]


def linter_refuses(expression: str) -> bool:
    verdict = expressions.check(expression)
    return bool(verdict.error or verdict.names - expressions.ALLOWED_NAMES)


class Swappable:
    """One served ASGI app whose Inngest functions are replaced between syncs."""

    def __init__(self) -> None:
        self.app: fastapi.FastAPI | None = None

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            message = await receive()
            await send({"type": "lifespan.startup.complete"} if message["type"] == "lifespan.startup"
                       else {"type": "lifespan.shutdown.complete"})
            return
        await self.app(scope, receive, send)


@pytest.fixture(scope="module")
def server_verdict(inngest_api):
    swappable = Swappable()
    served = ServedApp(swappable, inngest_api, expected_functions=set())
    client = inngest.Inngest(app_id="lint-cel-dialect", is_production=False)
    swappable.app = fastapi.FastAPI()
    served.sync = lambda timeout_s=20.0: None  # each expression is synced below
    served.start()

    def refuses(expression: str) -> bool:
        @client.create_function(fn_id="keyed", trigger=inngest.TriggerEvent(event="lint/cel-dialect"),
                                debounce=inngest.Debounce(period=datetime.timedelta(seconds=5), key=expression))
        async def keyed(ctx: inngest.Context) -> None:
            return None

        app = fastapi.FastAPI()
        inngest.fast_api.serve(app, client, [keyed])
        swappable.app = app
        resp = served.http.put("/api/inngest")
        assert resp.status_code == 200, resp.text
        return resp.json().get("status", 200) != 200

    yield refuses
    served.stop()
    inngest_api.delete_app("lint-cel-dialect")


def test_the_linter_agrees_with_the_server_on_every_expression(server_verdict):
    disagreements = [(e, linter_refuses(e), server_verdict(e)) for e in ACCEPTED + REFUSED
                     if linter_refuses(e) != server_verdict(e)]
    assert disagreements == []
    assert not any(server_verdict(e) for e in ACCEPTED) and all(server_verdict(e) for e in REFUSED)


@pytest.mark.parametrize(("expression", "why"), KNOWN_GAPS)
def test_known_gaps_are_real(server_verdict, expression, why):
    assert linter_refuses(expression) != server_verdict(expression), why
