"""examples/step_outputs: what a step may return, and what happens to everything else."""

import inngest
import inngest.fast_api
import pytest
from fastapi import FastAPI

from inngest_kit.api import assert_step_names, settled_step_names, unique
from inngest_kit.apps import ServedApp

pytestmark = pytest.mark.integration

NO_SERIALIZER_EVENT = "renewal-quote/no-serializer.requested"


@pytest.fixture(scope="module")
def outputs_app(serve_example):
    return serve_example("step_outputs")


@pytest.fixture(scope="module")
def no_serializer_app(outputs_app, inngest_api):
    """A second app whose client has NO serializer, with the same typed step as the
    example's `quote-renewal-typed`. Private to this test: it exists only to show
    that `output_type=` alone does nothing."""
    services = outputs_app.services
    client = inngest.Inngest(app_id="step-outputs-no-serializer")

    @client.create_function(
        fn_id="typed-quote", trigger=inngest.TriggerEvent(event=NO_SERIALIZER_EVENT), retries=0
    )
    async def typed_quote(ctx: inngest.Context) -> str:
        account_id = ctx.event.data["account_id"]
        quote = await ctx.step.run("price-quote", services.price_quote, account_id, "pro", 1, output_type=services.Quote)
        return type(quote).__name__

    app = FastAPI()
    inngest.fast_api.serve(app, client, [typed_quote])
    served = ServedApp(app, inngest_api, {"step-outputs-no-serializer-typed-quote"}).start()
    yield served
    served.stop()


def request_quote(app, typed: bool = False) -> tuple[str, str]:
    account_id = unique("acct")
    resp = app.http.post(f"/accounts/{account_id}/renewal-quote", params={"typed": typed})
    assert resp.status_code == 202, resp.text
    return account_id, resp.json()["event_ids"][0]


QUOTE_STEPS = ["load-account", "read-renewal-date", "price-quote"]


def stored(api, run_id: str, steps: list[str]) -> dict:
    """Each step's stored output, by step name, once the trace shows all of `steps`
    (under load the last step's span can land after the run ended)."""
    assert settled_step_names(api, run_id, steps) == steps
    return {s.name: api.step_output(s).data for s in api.steps(run_id)}


def test_json_values_are_stored_and_returned_unchanged(outputs_app, inngest_api):
    account_id, event_id = request_quote(outputs_app)
    run = inngest_api.complete(event_id)

    account = stored(inngest_api, run.id, QUOTE_STEPS)["load-account"]
    assert account == {
        "account_id": account_id,
        "plan": "pro",
        "seats": 5,
        "active": True,
        "coupon": None,
        "addons": ["sso", "audit-log"],
    }
    assert run.output["addons"] == ["sso", "audit-log"]
    ledger = outputs_app.services.ledger
    assert [ledger[(account_id, a)] for a in ("load-account", "renewal-date", "price-quote")] == [1, 1, 1]


def test_handler_rebuilds_datetime_and_model_from_the_stored_json(outputs_app, inngest_api):
    account_id, event_id = request_quote(outputs_app)
    run = inngest_api.complete(event_id)

    outputs = stored(inngest_api, run.id, QUOTE_STEPS)
    # What the server stores is plain JSON...
    assert outputs["read-renewal-date"] == "2031-03-14T09:30:00+00:00"
    assert outputs["price-quote"] == {
        "account_id": account_id,
        "plan": "pro",
        "seats": 5,
        "total": 62.5,
        "renews_at": "2031-03-14T09:30:00Z",
    }
    # ...and the handler turned it back into a datetime and a Quote (strftime
    # and the isinstance check would fail on the raw strings).
    assert run.output == {
        "account_id": account_id,
        "addons": ["sso", "audit-log"],
        "total": 62.5,
        "renews_on": "Friday 14 March 2031",
        "quote_renews_at_is_datetime": True,
    }


def test_pydantic_serializer_with_output_type_hands_back_the_model(outputs_app, inngest_api):
    account_id, event_id = request_quote(outputs_app, typed=True)
    run = inngest_api.complete(event_id)

    # Stored as JSON (the serializer dumps in JSON mode)...
    outputs = stored(inngest_api, run.id, ["price-quote", "read-renewal-date"])
    assert outputs["price-quote"] == {
        "account_id": account_id,
        "plan": "team",
        "seats": 3,
        "total": 90.0,
        "renews_at": "2031-03-14T09:30:00Z",
    }
    assert outputs["read-renewal-date"] == "2031-03-14T09:30:00Z"
    # ...and validated back into the declared types when the handler replays.
    assert run.output == {
        "account_id": account_id,
        "quote_type": "Quote",
        "renews_at_type": "datetime",
        "total": 90.0,
        "renews_on": "Friday 14 March 2031",
    }


def test_tuples_come_back_as_lists_and_int_keys_as_strings(outputs_app, inngest_api):
    account_id = unique("acct")
    run = inngest_api.complete(inngest_api.send("renewal-quote/round-trip.requested", {"account_id": account_id}))

    assert stored(inngest_api, run.id, ["load-account", "python-only-shapes"])["python-only-shapes"] == {
        "seat_range": [1, 50],
        "price_by_seats": {"1": 12.5, "10": 11.0},
    }
    # The handler never sees the tuple or the int keys, not even on the first
    # pass: a step's result reaches the code only through the stored JSON.
    assert run.output["seat_range_type"] == "list"
    assert run.output["price_keys"] == ["1", "10"]


@pytest.mark.wait_floor(1)  # one retry (retries=1), 1 s retry interval
@pytest.mark.reliability
@pytest.mark.parametrize(
    ("kind", "step", "action"),
    [
        ("datetime", "read-renewal-date", "renewal-date"),
        ("model", "price-quote", "price-quote"),  # a pydantic model without output_type=
        ("object", "load-billing-record", "load-billing-record"),
    ],
)
def test_a_step_returning_a_non_json_value_fails_the_run(outputs_app, inngest_api, kind, step, action):
    account_id = unique("acct")
    event_id = inngest_api.send("renewal-quote/unconverted.requested", {"account_id": account_id, "kind": kind})
    run = inngest_api.run_for_event(event_id)
    failed = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=30)

    # No silent conversion to a string: the SDK refuses to encode the value.
    assert failed.output == {
        "code": "output_unserializable",
        "message": f'"{step}" returned unserializable data',
        "name": "OutputUnserializableError",
    }
    # The step never counts as done (the trace has no step for it), the error is
    # retried like any other (retries=1: two attempts), and the step's side
    # effect ran on every attempt.
    assert_step_names(inngest_api, run.id, [])
    execute = next(s for s in inngest_api.steps(run.id, include_system=True) if s.status == "FAILED")
    assert [c.status for c in execute.children] == ["FAILED", "FAILED"]
    assert outputs_app.services.ledger[(account_id, action)] == 2


def test_output_type_without_a_client_serializer_does_nothing(no_serializer_app, inngest_api):
    event_id = inngest_api.send(NO_SERIALIZER_EVENT, {"account_id": unique("acct")})
    run = inngest_api.run_for_event(event_id)
    failed = inngest_api.wait_for_run(run.id, "FAILED")
    assert failed.output["name"] == "OutputUnserializableError"
    assert failed.output["message"] == '"price-quote" returned unserializable data'
