"""examples/deploy_changes: a release changes the steps while a run sleeps."""

import datetime

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration


@pytest.fixture
def deploy_app(serve_example, monkeypatch):
    app = serve_example("deploy_changes")
    monkeypatch.setattr(app.module.settings, "welcome_pause", datetime.timedelta(seconds=2))
    monkeypatch.setattr(app.module.settings, "add_survey_step", False)
    monkeypatch.setattr(app.module.settings, "rename_welcome_step", False)
    return app


def sleeping_run(app, api, user_id: str):
    run = api.run_for_event(api.send("deploy/user.joined", {"user_id": user_id}))
    api.wait_for_step(run.id, "welcome-pause", "RUNNING")
    return run


@pytest.mark.wait_floor(2)  # 2 s welcome pause
def test_a_step_added_while_a_run_sleeps_runs_in_that_run(deploy_app, inngest_api, monkeypatch):
    user_id = unique("user")
    run = sleeping_run(deploy_app, inngest_api, user_id)
    monkeypatch.setattr(deploy_app.module.settings, "add_survey_step", True)  # the release lands

    done = inngest_api.wait_for_run(run.id, timeout_s=20)
    assert done.status == "COMPLETED"  # no "step mismatch": the run carries on
    names = inngest_api.step_names(run.id)
    assert set(names) == {"send-welcome", "send-survey", "welcome-pause", "send-tips"}
    ledger = deploy_app.services.ledger
    assert [ledger[(user_id, t)] for t in ("welcome", "survey", "tips")] == [1, 1, 1]


@pytest.mark.wait_floor(2)  # 2 s welcome pause
def test_renaming_a_step_while_a_run_sleeps_repeats_its_side_effect(deploy_app, inngest_api, monkeypatch):
    user_id = unique("user")
    run = sleeping_run(deploy_app, inngest_api, user_id)
    monkeypatch.setattr(deploy_app.module.settings, "rename_welcome_step", True)

    inngest_api.wait_for_run(run.id, timeout_s=20)
    assert "send-welcome-email" in inngest_api.step_names(run.id)
    assert deploy_app.services.ledger[(user_id, "welcome")] == 2  # sent twice
