"""examples/deploy_changes: a release changes the steps while a run sleeps.

The run sleeps its production day: each test asserts the server scheduled the wake-up a
day after the sleep began, lands the release while it sleeps, then skips the day."""

import datetime
import time

import pytest

from inngest_kit.api import settled_steps, unique
from inngest_kit.timeskip import Timer

pytestmark = pytest.mark.integration


PAUSE = datetime.timedelta(days=1)  # the production default: nothing wakes by itself during a test


@pytest.fixture
def deploy_app(serve_example, monkeypatch):
    app = serve_example("deploy_changes")
    monkeypatch.setattr(app.module.settings, "welcome_pause", PAUSE)
    monkeypatch.setattr(app.module.settings, "add_survey_step", False)
    monkeypatch.setattr(app.module.settings, "rename_welcome_step", False)
    return app


def sleeping_run(app, api, skipper, user_id: str):
    """Start a run and return it with its welcome-pause wake-up once it sleeps (due asserted)."""
    sent_at = time.time()
    run = api.run_for_event(api.send("deploy/user.joined", {"user_id": user_id}))
    api.wait_for_step(run.id, "welcome-pause", "RUNNING")
    timer = skipper.wait_for_timer(run.id, kind="sleep", step="welcome-pause")
    low = datetime.datetime.fromtimestamp(sent_at, datetime.UTC) + PAUSE
    high = datetime.datetime.fromtimestamp(time.time(), datetime.UTC) + PAUSE
    assert low <= timer.due <= high, f"welcome-pause due {timer.due}, expected within [{low}, {high}]"
    return run, timer


def wake(api, skipper, run, timer: Timer) -> None:
    """The release has landed while the run sleeps: skip the day."""
    assert api.run(run.id).status == "RUNNING"
    assert [t.item_id for t in skipper.skip(run.id, kind="sleep")] == [timer.item_id]


def test_a_step_added_while_a_run_sleeps_runs_in_that_run(deploy_app, inngest_api, monkeypatch, time_skipper):
    user_id = unique("user")
    run, timer = sleeping_run(deploy_app, inngest_api, time_skipper, user_id)
    monkeypatch.setattr(deploy_app.module.settings, "add_survey_step", True)  # the release lands
    wake(inngest_api, time_skipper, run, timer)

    done = inngest_api.wait_for_run(run.id, timeout_s=20)
    assert done.status == "COMPLETED"  # no "step mismatch": the run carries on
    names = [s.name for s in settled_steps(inngest_api, run.id, 4)]  # the trace can lag the run's end
    assert set(names) == {"send-welcome", "send-survey", "welcome-pause", "send-tips"}
    ledger = deploy_app.services.ledger
    assert [ledger[(user_id, t)] for t in ("welcome", "survey", "tips")] == [1, 1, 1]


def test_renaming_a_step_while_a_run_sleeps_repeats_its_side_effect(deploy_app, inngest_api, monkeypatch,
                                                                    time_skipper):
    user_id = unique("user")
    run, timer = sleeping_run(deploy_app, inngest_api, time_skipper, user_id)
    monkeypatch.setattr(deploy_app.module.settings, "rename_welcome_step", True)
    wake(inngest_api, time_skipper, run, timer)

    inngest_api.wait_for_run(run.id, timeout_s=20)
    assert "send-welcome-email" in inngest_api.step_names(run.id)
    assert deploy_app.services.ledger[(user_id, "welcome")] == 2  # sent twice
