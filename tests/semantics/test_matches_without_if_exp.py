"""wait_for_event and Cancel without if_exp match every event of that name: one
event resumes every waiting run, or cancels every run of the function."""

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def app(serve_example):
    return serve_example("tests.semantics.apps.unfiltered_matches")


def test_a_wait_without_if_exp_resumes_on_an_event_for_another_item(app, inngest_api):
    items = [unique("item") for _ in range(2)]
    runs = [inngest_api.run_for_event(inngest_api.send(app.module.WAIT_STARTED, {"item_id": i})) for i in items]
    for run in runs:
        inngest_api.wait_for_step(run.id, "wait-approval", "WAITING")
    stranger = unique("other")
    inngest_api.send(app.module.APPROVED, {"item_id": stranger})
    # One approval for an unrelated item resumed both waits.
    outputs = [inngest_api.wait_for_run(r.id, timeout_s=20).output for r in runs]
    assert outputs == [{"item_id": i, "approved_item": stranger} for i in items]


def test_a_cancel_without_if_exp_cancels_every_run_of_the_function(app, inngest_api):
    items = [unique("item") for _ in range(2)]
    runs = [inngest_api.run_for_event(inngest_api.send(app.module.SEQUENCE_STARTED, {"item_id": i})) for i in items]
    for run in runs:
        inngest_api.wait_for_step(run.id, "nap", "RUNNING")
    inngest_api.send(app.module.STOPPED, {"item_id": unique("other")})
    for run in runs:
        inngest_api.wait_for_run(run.id, "CANCELLED", timeout_s=20)
    assert [app.module.ledger[(i, "finished")] for i in items] == [0, 0]
