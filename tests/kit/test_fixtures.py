"""The kit's user-facing fixtures (inngest_app, inngest_runs), run the way a user
runs them: a pytest session of its own with only the kit's plugin (the pack's
plugin is not loaded), against the real server."""

from __future__ import annotations

import os
import textwrap

import pytest

from checks.catalog import REPO
from inngest_kit import server as server_tools

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.integration
SERVER_CACHE = str(server_tools.cache_root())  # resolved now: pytester points HOME elsewhere

SHORT = '{"JOURNEY_PAUSE_S": "1", "JOURNEY_REPLY_TIMEOUT_S": "%s"}'


@pytest.fixture
def user_session(pytester, monkeypatch):
    """run(test_source) -> the outcome of a user's pytest session with that test file."""
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    monkeypatch.setenv("INNGEST_WORKFLOW_CACHE", SERVER_CACHE)
    monkeypatch.delenv("CI", raising=False)

    def run(source: str):
        pytester.makepyfile(test_user=textwrap.dedent(source))
        return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")

    return run


def test_serve_send_wait_read_steps_events_and_cancel(user_session):
    result = user_session(
        """
        import pytest

        ENV = %s

        def test_journey(inngest_app, inngest_runs):
            app = inngest_app("tests.kit.apps.journey:app", env=ENV)
            assert app.registration.functions == ["kit-journey-order-journey"]
            run = inngest_runs.start("journey/started", {"order_id": "o-1"})
            run.wait_for_step("wait-for-confirmation")
            inngest_runs.send("journey/confirmed", {"order_id": "o-1"})
            run.wait()
            assert run.output == {"order_id": "o-1", "reserved": True, "confirmed": True}
            assert run.step_names == ["reserve-stock", "cool-off", "wait-for-confirmation", "announce"]
            reserve = run.step("reserve-stock")
            assert reserve.attempts == 1 and reserve.output == {"order_id": "o-1", "reserved": True}
            assert run.step("wait-for-confirmation").output["data"] == {"order_id": "o-1"}
            assert [(e["name"], e["data"]) for e in run.events_sent()] == [("journey/finished", {"order_id": "o-1"})]
            assert app.module.calls["o-1"] == 2  # in-process: the app's own state

        def test_cancel(inngest_app, inngest_runs):
            inngest_app("tests.kit.apps.journey:app", env=ENV)
            run = inngest_runs.start("journey/started", {"order_id": "o-2"})
            run.wait_for_step("wait-for-confirmation")
            assert run.cancel().status == "CANCELLED"

        def test_a_failing_step_is_read_with_its_error(inngest_app, inngest_runs):
            inngest_app("tests.kit.apps.journey:app", env=ENV)
            run = inngest_runs.start("journey/started", {})  # no order_id: the handler raises KeyError
            run.wait("FAILED")
            assert run.status == "FAILED"
            with pytest.raises(AssertionError, match="ended FAILED, expected COMPLETED"):
                run.wait()
        """ % (SHORT % 20)
    )
    result.assert_outcomes(passed=3)


def test_a_failing_test_reports_the_run_tree_naming_the_step_and_the_reason(user_session):
    result = user_session(
        """
        def test_confirmed(inngest_app, inngest_runs):
            inngest_app("tests.kit.apps.journey:app", env=%s)
            run = inngest_runs.start("journey/started", {"order_id": "o-3"})
            run.wait_for_step("wait-for-confirmation")
            inngest_runs.send("journey/confirmed", {"orderid": "o-3"})  # the producer's typo
            run.wait()
            assert run.output["confirmed"] is True
        """ % (SHORT % 2)
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*inngest runs of this test*",
        "*kit-journey-order-journey  COMPLETED*",
        "*wait-for-confirmation  [[]wait[]] COMPLETED*",
        "*timed out: returned None*",
        "*has no field data.order_id (async.data.order_id in the expression; data has: orderid)*",
        "*inngest dev server log (tail)*",
    ])


def test_a_run_that_fails_fails_the_wait_at_once_with_its_tree(user_session):
    result = user_session(
        """
        def test_completes(inngest_app, inngest_runs):
            inngest_app("tests.kit.apps.journey:app", env=%s)
            inngest_runs.complete("journey/started", {"customer": "c-1"})
        """ % (SHORT % 20)
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*ended FAILED, expected COMPLETED*", "*KeyError*order_id*"])


def test_a_function_the_server_refuses_fails_the_test_with_the_servers_message(user_session):
    result = user_session(
        """
        def test_serves(inngest_app):
            inngest_app("tests.kit.apps.refused:app")
        """
    )
    result.assert_outcomes(errors=0, failed=1)
    result.stdout.fnmatch_lines([
        "*RegistrationError: the Inngest server did not register app 'kit-refused'*",
        "*The debounce period of '8d' is greater than the max of: 168h0m0s*",
    ])


def test_an_app_in_its_own_process_gets_its_env(user_session):
    result = user_session(
        """
        def test_journey(inngest_app, inngest_runs):
            app = inngest_app("tests.kit.apps.journey:app", process=True, env=%s)
            run = inngest_runs.start("journey/started", {"order_id": "o-4"})
            run.wait_for_step("wait-for-confirmation")
            inngest_runs.send("journey/confirmed", {"order_id": "o-4"})
            assert run.wait().output["confirmed"] is True
            sleep = run.step("cool-off")
            assert sleep.op == "SLEEP"
            app.kill()
        """ % (SHORT % 20)
    )
    result.assert_outcomes(passed=1)


def test_env_for_an_already_imported_app_is_refused(user_session):
    result = user_session(
        """
        import tests.kit.apps.journey  # imported at collection, its settings already read

        def test_env(inngest_app):
            inngest_app("tests.kit.apps.journey:app", env={"JOURNEY_PAUSE_S": "1"})
        """
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*was imported before its env could be set*process=True*"])


def test_the_plugin_loads_by_its_entry_point_alone():
    from importlib.metadata import entry_points

    (ep,) = [e for e in entry_points(group="pytest11") if e.name == "inngest_kit"]
    assert ep.value == "inngest_kit.pytest_plugin"
    assert os.path.basename(ep.load().__file__) == "pytest_plugin.py"
