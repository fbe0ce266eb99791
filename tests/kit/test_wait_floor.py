"""The waiting floor: declared per test, recorded next to its duration, checked against it."""

import os
import textwrap

import pytest

from checks.catalog import REPO
from checks.report import floor_summary

pytest_plugins = ["pytester"]


def test_suite_floor_is_the_longest_floor_or_the_sum_over_the_workers():
    results = {
        "a": {"outcome": "passed", "duration": 7.4, "floor": 7.0},
        "b": {"outcome": "passed", "duration": 3.2, "floor": 3.0},
        "c": {"outcome": "passed", "duration": 2.1, "floor": 2.0},
        "d": {"outcome": "passed", "duration": 0.2},
    }
    two = floor_summary(results, workers=2, wall_s=15.0)
    assert (two["sum_seconds"], two["longest_seconds"], two["suite_floor_seconds"]) == (12.0, 7.0, 7.0)
    assert two["wall_over_floor"] == round(15.0 / 7.0, 2)
    one = floor_summary(results, workers=1, wall_s=15.0)
    assert one["suite_floor_seconds"] == 12.0 and one["declared_tests"] == 3
    assert one["violations"] == []


def test_a_floor_above_the_measured_duration_is_a_violation_unless_the_test_failed():
    results = {
        "fast": {"outcome": "passed", "duration": 1.2, "floor": 2.0},
        "failed-early": {"outcome": "failed", "duration": 0.3, "floor": 2.0},
    }
    assert floor_summary(results, workers=4, wall_s=3.0)["violations"] == [
        {"test": "fast", "floor": 2.0, "duration": 1.2}
    ]


@pytest.fixture
def inner(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))

    def run(body: str):
        pytester.makepyfile(test_inner=textwrap.dedent(body))
        return pytester.runpytest_subprocess("-p", "checks.pytest_pack", "-p", "no:cacheprovider", "-q")

    return run


def test_a_wrong_declaration_fails_the_session(inner):
    result = inner(
        """
        import pytest

        @pytest.mark.wait_floor(5)  # declared 5 s, waits nothing
        def test_quick():
            pass
        """
    )
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*wait_floor larger than the measured duration*", "*test_quick: declared floor 5.0 s*"])


def test_a_true_declaration_passes(inner):
    result = inner(
        """
        import time
        import pytest

        @pytest.mark.wait_floor(0.5)  # a 0.5 s sleep
        def test_waits():
            time.sleep(0.5)
        """
    )
    result.assert_outcomes(passed=1)
    assert result.ret == 0
