"""inngest_kit.stack and the kit's production-stack environment: clear errors, clean-up, cloud mode."""

from __future__ import annotations

import os
import pwd
import re
import textwrap
from pathlib import Path

import pytest

from checks.catalog import REPO
from inngest_kit.stack import MissingComponent, PostgresServer, Stack, find_postgres_bindir, find_redis_server
from tests.kit import test_kit

pytestmark = [pytest.mark.production_stack]
pytest_plugins = ["pytester"]
inner_pytester = test_kit.inner_pytester  # inner sessions find the repository and the built server


def test_a_missing_redis_server_says_how_to_install_it(monkeypatch):
    monkeypatch.setenv("INNGEST_KIT_REDIS_SERVER", "/nonexistent/redis-server")
    with pytest.raises(MissingComponent, match=r"redis-server not found .*make stack.*INNGEST_KIT_REDIS_SERVER"):
        find_redis_server()


def test_missing_postgres_binaries_say_how_to_install_them(monkeypatch):
    monkeypatch.setenv("INNGEST_KIT_PG_BINDIR", "/nonexistent/bin")
    with pytest.raises(MissingComponent, match=r"PostgreSQL server binaries .*make stack.*INNGEST_KIT_PG_BINDIR"):
        find_postgres_bindir()


def test_the_installed_binaries_are_found():
    assert find_redis_server().name == "redis-server"
    assert (find_postgres_bindir() / "initdb").exists()


def test_postgres_never_runs_as_root(monkeypatch):
    """initdb and postgres refuse root: as root the stack runs them as `nobody`
    (or INNGEST_KIT_PG_USER, which must exist)."""
    cluster = PostgresServer().start()
    try:
        status = Path(f"/proc/{cluster.proc.pid}/status").read_text()
        uid = int(next(line.split()[1] for line in status.splitlines() if line.startswith("Uid:")))
        assert uid == (pwd.getpwnam("nobody").pw_uid if os.geteuid() == 0 else os.geteuid())
    finally:
        cluster.stop()
    assert not cluster.base.exists()
    if os.geteuid() == 0:
        monkeypatch.setenv("INNGEST_KIT_PG_USER", "no-such-user-here")
        with pytest.raises(MissingComponent, match="no-such-user-here"):
            PostgresServer().start()


def test_a_stack_that_cannot_start_leaves_nothing_running(monkeypatch):
    monkeypatch.setenv("INNGEST_KIT_PG_BINDIR", "/nonexistent/bin")
    stack = Stack()
    with pytest.raises(MissingComponent):
        stack.start()
    assert stack.redis.proc is not None and stack.redis.proc.poll() is not None  # Redis had started: stopped
    assert not stack.workdir.exists()


@pytest.mark.integration
def test_the_production_stack_environment_serves_apps_in_cloud_mode(inner_pytester):
    inner_pytester.makepyfile(test_inner=textwrap.dedent(
        """
        import os

        import httpx
        import inngest
        import pytest

        client = inngest.Inngest(app_id="inner")  # at import, as apps do

        def test_cloud_mode(inngest_server, inngest_api):
            assert client.is_production and "INNGEST_DEV" not in os.environ
            assert os.environ["INNGEST_SIGNING_KEY"].startswith("signkey-prod-")
            assert os.environ["INNGEST_EVENT_API_BASE_URL"] == inngest_server.url
            assert httpx.post(f"{inngest_server.url}/e/not-the-key", json={"name": "x"}).status_code == 401
            assert inngest_api.send("inner/ping")  # the fixture sends with the stack's event key

        @pytest.mark.dev_only("needs inngest dev")
        def test_dev_feature():
            pass
        """
    ))
    result = inner_pytester.runpytest_subprocess("-p", "checks.pytest_pack", "-p", "no:cacheprovider", "-q",
                                                 "--inngest-env=production-stack")
    result.assert_outcomes(passed=1, deselected=1)
    inner_pytester._monkeypatch.setenv("INNGEST_KIT_ENV", "dev")
    result = inner_pytester.runpytest_subprocess("-p", "checks.pytest_pack", "-p", "no:cacheprovider", "-q",
                                                 "-k", "dev_feature")
    result.assert_outcomes(passed=1, deselected=1)  # in dev it runs


def test_dev_only_needs_a_reason(inner_pytester):
    inner_pytester.makepyfile(test_inner="import pytest\n@pytest.mark.dev_only\ndef test_x():\n    pass\n")
    result = inner_pytester.runpytest_subprocess("-p", "checks.pytest_pack", "-p", "no:cacheprovider", "-q")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*dev_only needs a reason*"])


def test_the_documented_commands_use_the_flags_the_stack_runs(tmp_path):
    """The self-hosting block in references/debug.md cannot run in a test (two long-running
    servers), so every flag it shows must be one inngest_kit.stack really passes."""
    from checks.shell_blocks import blocks_in

    (doc_block,) = [b for b in blocks_in(REPO / "references" / "debug.md") if "inngest start" in b.text
                    and "--redis-uri" in b.text]
    redis_part, inngest_part = doc_block.text.split("inngest start", 1)
    stack = Stack(workdir=tmp_path)
    stack.servers[0].redis_uri, stack.servers[0].postgres_uri = "redis://r", "postgres://p"
    for documented, command in ((redis_part, stack.redis.command()), (inngest_part, stack.servers[0].command())):
        flags = set(re.findall(r"(--[a-z-]+)", documented))
        assert flags and flags <= set(command), sorted(flags - set(command))
    assert "yes" == stack.redis.command()[stack.redis.command().index("--appendonly") + 1]
