"""The kit's `time_skipper` fixture, as a user's test suite sees it (pytester): it finds the
Redis of the user's stack, or else the queue of the session's dev server."""

from __future__ import annotations

import json
import time

import pytest

from inngest_kit.stack import RedisServer
from inngest_kit.timeskip import GLOBAL_POINTERS, ITEMS, PARTITION_SET_PREFIX, PARTITIONS
from tests.kit import test_kit
from tests.kit.test_kit import _inner

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.timeskip
inner_pytester = test_kit.inner_pytester  # the fixture, reused


@pytest.mark.integration
def test_without_a_stack_the_fixture_skips_time_on_the_sessions_dev_server(inner_pytester, monkeypatch):
    """No stack, no INNGEST_REDIS_URI: the dev server the session runs, whose queue is an
    in-process Redis on a loopback port the fixture finds."""
    monkeypatch.delenv("INNGEST_REDIS_URI", raising=False)
    result = _inner(inner_pytester, """
        from inngest_kit.timeskip import dev_server_queue_url

        def test_skips_time(inngest_server, time_skipper):
            assert time_skipper.redis_url == dev_server_queue_url(inngest_server.port, pid=inngest_server.proc.pid)
            assert time_skipper.pending() == []  # the live queue: the server's housekeeping is never listed
        """)
    result.assert_outcomes(passed=1)


def test_the_fixture_uses_the_projects_inngest_stack(inner_pytester, tmp_path):
    redis = RedisServer(tmp_path / "redis", persistence="none").start()
    try:
        # One pending sleep, as the server leaves it (see test_layout.py).
        due = int(time.time() * 1000) + 3_600_000
        item = {"id": "i1", "at": due, "wt": due, "wfID": "fn", "data": {
            "kind": "sleep", "identifier": {"runID": "01RUN000000000000000000000", "wID": "fn"}}}
        for args in (("HSET", ITEMS, "i1", json.dumps(item)), ("ZADD", PARTITION_SET_PREFIX + "fn", str(due), "i1"),
                     ("HSET", PARTITIONS, "fn", "{}"), ("ZADD", GLOBAL_POINTERS, str(due // 1000), "fn")):
            redis.call(*args)
        result = _inner(inner_pytester, f"""
            import types
            import pytest

            @pytest.fixture
            def inngest_stack():
                return types.SimpleNamespace(redis_url="{redis.url}")

            def test_sees_the_timer(time_skipper):
                [timer] = time_skipper.pending("01RUN000000000000000000000")
                assert timer.label == "step.sleep / sleep_until"
            """)
        result.assert_outcomes(passed=1)
    finally:
        redis.stop()


@pytest.mark.integration
def test_under_the_production_stack_environment_the_fixture_uses_the_kits_stack(inner_pytester, monkeypatch):
    monkeypatch.delenv("INNGEST_REDIS_URI", raising=False)
    inner_pytester.makepyfile(test_inner="""
        from inngest_kit import pytest_plugin

        def test_skips_on_the_kits_stack(time_skipper):
            assert time_skipper.redis_url == pytest_plugin.production_stack().redis_url
            time_skipper.check_layout()  # the live server's queue
        """)
    result = inner_pytester.runpytest_subprocess("-p", "checks.pytest_pack", "-p", "no:cacheprovider", "-q",
                                                 "--inngest-env=production-stack")
    result.assert_outcomes(passed=1)
