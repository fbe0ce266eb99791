"""Seed 003: a step id from randomness "breaks recovery". Measured in this SDK:
the step runs again on EVERY request of the run, the code after it is never
reached, and only the server's step limit (1,000 by default) ends the run."""

import httpx
import pytest

from checks.sdk_probes import count_handler_calls
from inngest_kit.api import assert_step_names, settled_steps, unique

pytestmark = pytest.mark.integration

STEP_LIMIT = 6  # for the wrong form only, so the loop ends in well under a second
RANDOM_ID_FN = "mistake-unstable-step-ids-charge-with-random-step-id"


@pytest.fixture(scope="module")
def served(serve_example):
    return serve_example("mistakes.unstable_step_ids")


@pytest.fixture(scope="module")
def handler_calls(served):
    return count_handler_calls(served.module.inngest_client)


@pytest.fixture(scope="module")
def bounded_step_limit(served, inngest_api, inngest_server):
    """Lower the step limit of the wrong form's function (a dev-server API,
    POST /fn/step-limit, keyed by the function's UUID) so its endless loop is
    cut at STEP_LIMIT steps instead of 1,000."""
    function_id = inngest_api.function_id(RANDOM_ID_FN)
    auth = inngest_api.auth_headers  # `inngest start` has it too, behind its signing key
    resp = httpx.post(f"{inngest_server.url}/fn/step-limit", data={"functionId": function_id, "limit": str(STEP_LIMIT)},
                      headers=auth)
    assert resp.status_code == 200, resp.text
    yield
    httpx.request("DELETE", f"{inngest_server.url}/fn/step-limit", params={"functionId": function_id}, headers=auth)


def test_a_random_step_id_reruns_the_step_until_the_step_limit(served, inngest_api, bounded_step_limit, handler_calls):
    order_id = unique("ord")
    run = inngest_api.run_for_event(inngest_api.send("mistake-unstable-ids/order.paid", {"order_id": order_id}))
    try:
        failed = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=30)
    finally:
        if (inngest_api.run(run.id) or run).status not in ("FAILED", "COMPLETED", "CANCELLED"):
            inngest_api.cancel(run.id)  # never leave a runaway loop behind

    assert failed.output == {
        "error": {
            "error": "function has too many steps",
            "name": "InngestErrFunctionOverflowed",
            "message": f"The function run exceeded the step limit of {STEP_LIMIT} steps.",
        }
    }
    names = [s.name for s in settled_steps(inngest_api, run.id, STEP_LIMIT)]  # the trace can lag the run's end
    # Every request ran the "charge" step anew under a new id; none was replayed.
    assert len(names) == STEP_LIMIT == len(set(names))
    assert all(n.startswith("charge-") for n in names)
    ledger = served.module.ledger
    assert ledger[(order_id, "charge")] == STEP_LIMIT  # the customer was charged 6 times
    assert ledger[(order_id, "send-receipt")] == 0  # the code after the step never ran
    assert handler_calls[run.id] == STEP_LIMIT  # one handler call, one new charge, per request


def test_a_step_id_from_data_runs_once_and_the_run_finishes(served, inngest_api, handler_calls):
    order_id = unique("ord")
    run = inngest_api.complete(inngest_api.send("mistake-unstable-ids/order-right.paid", {"order_id": order_id}))

    assert_step_names(inngest_api, run.id, [f"charge-{order_id}", "send-receipt"])
    assert served.module.ledger[(order_id, "charge")] == 1
    assert served.module.ledger[(order_id, "send-receipt")] == 1
    assert run.output["charge_id"] == f"ch-{order_id}-1"
    assert handler_calls[run.id] == 3  # two steps, then the final call that returns
