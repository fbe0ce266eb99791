"""examples/step_error_handling: catching StepError once a step's retries are exhausted.

The retries' back-offs are asserted as scheduled and skipped (inngest_kit.timeskip.skip_retries)."""

import time

import pytest

from inngest_kit.api import assert_step_names, unique
from inngest_kit.timeskip import skip_retries

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def fx_app(serve_example):
    return serve_example("step_error_handling")


def request_quote(app, api, quote_id: str):
    resp = app.http.post(f"/quotes/{quote_id}", json={"currency": "EUR", "amount": 100})
    assert resp.status_code == 202, resp.text
    return api.run_for_event(resp.json()["event_ids"][0])


def calls_in_order(app, quote_id: str) -> list[str]:
    return [action for qid, action in app.services.events if qid == quote_id]


def test_exhausted_step_raises_step_error_and_the_fallback_completes_the_run(fx_app, inngest_api, time_skipper):
    quote_id = unique("q")
    fx_app.services.provider_down_for.add(quote_id)
    sent_at = time.time()
    run = request_quote(fx_app, inngest_api, quote_id)
    assert [t.attempt for t in skip_retries(time_skipper, run.id, 2, since=sent_at)] == [1, 2]

    done = inngest_api.wait_for_run(run.id)
    assert done.status == "COMPLETED"
    # StepError carries the original exception's class name and message.
    assert done.output == {
        "quote_id": quote_id,
        "rate": 1.08,
        "total": 108.0,
        "source": "cache",
        "problem": {"name": "RateProviderDown", "message": "live rates for EUR: 502 Bad Gateway"},
    }
    # except StepError ran only after all 3 attempts (retries=2), and the fallback once.
    assert calls_in_order(fx_app, quote_id) == ["fetch-live-rate"] * 3 + ["use-cached-rate"]
    steps = {s.name: s for s in inngest_api.steps(run.id)}
    assert steps["fetch-live-rate"].status == "FAILED" and len(steps["fetch-live-rate"].children) == 3
    assert steps["use-cached-rate"].status == "COMPLETED"
    assert inngest_api.step_output(steps["fetch-live-rate"]).error["name"] == "RateProviderDown"


def test_live_rate_needs_no_fallback(fx_app, inngest_api):
    quote_id = unique("q")
    run = request_quote(fx_app, inngest_api, quote_id)

    done = inngest_api.wait_for_run(run.id)
    assert done.output["source"] == "live" and done.output["problem"] is None
    assert calls_in_order(fx_app, quote_id) == ["fetch-live-rate"]
    assert_step_names(inngest_api, run.id, ["fetch-live-rate"])
