"""The harness does what the examples' tests rely on."""

import os
import socket
import sys
import textwrap
import time

import inngest
import inngest.fast_api
import pytest
from fastapi import FastAPI

from checks.catalog import REPO
from inngest_kit import server as server_tools
from inngest_kit.api import InngestAPIError, unique
from inngest_kit.apps import ServedApp

pytest_plugins = ["pytester"]
# Resolved now: pytester later points HOME at a temp dir.
SERVER_CACHE = str(server_tools.cache_root())


@pytest.mark.integration
def test_server_is_ready_fast_and_on_the_ports_it_was_given(inngest_server):
    assert inngest_server.started_in_s < 5, f"server took {inngest_server.started_in_s} s to be ready"
    opts = inngest_server.info()["startOpts"]
    assert opts["connectGatewayPort"] == inngest_server.gateway_port
    assert opts["connectGRPCConfig"]["Gateway"]["Port"] == inngest_server.gateway_grpc_port
    assert opts["connectGRPCConfig"]["Executor"]["Port"] == inngest_server.executor_grpc_port
    assert opts["tick"] == 50_000_000  # 50 ms, in nanoseconds
    assert opts["retry_interval"] == 1


@pytest.mark.integration
def test_a_busy_port_is_detected_instead_of_silently_moved(inngest_server):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        busy = squatter.getsockname()[1]
        # One attempt: the move is detected and the server is stopped.
        server = server_tools.DevServer(inngest_server.binary, gateway_port=busy)
        with pytest.raises(server_tools.ServerStartError, match="moved a port"):
            server.start(attempts=1)
        assert server.proc.poll() is not None, "the misconfigured server must be stopped"
        # Default: a busy secondary port is replaced by a fresh one, and verified.
        with server_tools.DevServer(inngest_server.binary, gateway_port=busy) as server:
            assert server.gateway_port != busy
            assert server.info()["startOpts"]["connectGatewayPort"] == server.gateway_port
        # The main port (the one apps were told) is never moved: that fails.
        server = server_tools.DevServer(inngest_server.binary, port=busy)
        with pytest.raises(server_tools.ServerStartError):
            server.start()
        assert server.proc.poll() is not None


def test_a_held_port_stays_free_for_the_server(inngest_server):
    server = server_tools.DevServer(inngest_server.binary).hold_port()
    with socket.socket() as other, pytest.raises(OSError):
        other.bind(("127.0.0.1", server.port))  # nobody else can take it meanwhile
    with server:
        assert f'"addr":"127.0.0.1:{server.port}"' in server.log_path.read_text()


def test_server_environment_is_scrubbed(monkeypatch, tmp_path):
    monkeypatch.setenv("INNGEST_PORT", "1")
    monkeypatch.setenv("INNGEST_SDK_URL", "http://127.0.0.1:9/api/inngest")
    monkeypatch.setenv("DEBUG", "1")
    monkeypatch.setenv("LOG_LEVEL", "error")
    env = server_tools.server_env(home=tmp_path)
    assert not [k for k in env if k.startswith("INNGEST_")]
    assert "DEBUG" not in env and "LOG_LEVEL" not in env
    assert env["HOME"] == str(tmp_path)


@pytest.mark.integration
def test_caller_log_level_does_not_reach_the_server(inngest_server, monkeypatch):
    # LOG_LEVEL=error would hide the "starting server" line the port check reads.
    monkeypatch.setenv("LOG_LEVEL", "error")
    with server_tools.DevServer(inngest_server.binary) as server:
        assert "starting server" in server.log_path.read_text()


def _failing_app(app_id: str):
    client = inngest.Inngest(app_id=app_id)

    @client.create_function(fn_id="always-fails", trigger=inngest.TriggerEvent(event=f"{app_id}/go"), retries=0)
    async def always_fails(ctx: inngest.Context) -> None:
        await ctx.step.run("boom", _boom)

    app = FastAPI()
    inngest.fast_api.serve(app, client, [always_fails])
    return app, always_fails


async def _boom() -> None:
    raise RuntimeError("boom")


@pytest.mark.integration
def test_wait_for_run_fails_fast_when_the_run_ends_otherwise(inngest_api):
    app_id = unique("harness-failing")
    app, fn = _failing_app(app_id)
    served = ServedApp(app, inngest_api, {fn.id}).start()
    try:
        run = inngest_api.run_for_event(inngest_api.send(f"{app_id}/go"))
        started = time.monotonic()
        with pytest.raises(InngestAPIError, match="ended FAILED, expected COMPLETED") as err:
            inngest_api.wait_for_run(run.id, "COMPLETED", timeout_s=60)
        assert time.monotonic() - started < 10, "must not wait for the timeout"
        assert "boom" in str(err.value)  # the failure message carries the step trace
        # wait_for_run raised at the run record's FAILED; the step's span can land a moment later.
        inngest_api.wait_for_step(run.id, "boom", "FAILED", timeout_s=10)
        failed = inngest_api.steps(run.id)
        assert [(s.name, s.status, s.attempts) for s in failed] == [("boom", "FAILED", 1)]
        assert inngest_api.step_output(failed[0]).error["message"] == "boom"
    finally:
        served.stop()


@pytest.mark.integration
def test_sync_checks_that_the_functions_registered(inngest_api):
    app, fn = _failing_app(unique("harness-sync"))
    served = ServedApp(app, inngest_api, {fn.id, "some-app-never-served"})
    with pytest.raises(InngestAPIError, match="not registered"):
        served.start()
    served.stop()


def _inner(pytester, body: str, **env: str):
    pytester.makepyfile(test_inner=textwrap.dedent(body))
    for key, value in env.items():
        pytester._monkeypatch.setenv(key, value)
    return pytester.runpytest_subprocess("-p", "checks.pytest_pack", "-p", "no:cacheprovider", "-q")


@pytest.fixture
def inner_pytester(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    # pytester points HOME at a temp dir; keep finding the built server binary.
    monkeypatch.setenv("INNGEST_WORKFLOW_CACHE", SERVER_CACHE)
    return pytester


@pytest.mark.integration
def test_a_failing_server_test_shows_the_server_log(inner_pytester):
    result = _inner(
        inner_pytester,
        """
        def test_fails(inngest_server):
            assert False, "deliberate"
        """,
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*inngest dev server log (tail)*", "*starting server*"])


def test_under_ci_a_skipped_test_fails_the_run(inner_pytester):
    result = _inner(
        inner_pytester,
        """
        import pytest
        def test_skips():
            pytest.skip("no server")
        """,
        CI="true",
    )
    assert result.ret == 1, result.stdout.str()


def test_without_a_server_binary_a_server_test_fails_rather_than_skips(inner_pytester, tmp_path):
    # An empty binary cache and no Go on PATH: the build cannot happen.
    result = _inner(
        inner_pytester,
        """
        def test_needs_server(inngest_server):
            pass
        """,
        INNGEST_WORKFLOW_CACHE=str(tmp_path / "empty-cache"),
        PATH=os.path.dirname(sys.executable),
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*Go is not installed*"])


@pytest.mark.integration
def test_an_app_in_its_own_process_can_be_killed_and_restarted(inngest_api):
    from checks.pytest_pack import expected_slugs, load_example, resync_served
    from inngest_kit.apps import ServedProcess

    module = load_example("lead_routing")
    app = ServedProcess("examples.lead_routing.main:app", inngest_api, expected_slugs(module), cwd=str(REPO),
                        pythonpath=[str(REPO)]).start()
    try:
        lead = {"lead_id": unique("lead"), "lead": {"name": "Eve", "email": "eve@example.com", "company_size": 3}}
        run = inngest_api.run_for_event(inngest_api.send("lead/created", lead))
        assert inngest_api.wait_for_run(run.id).output["method"] == "email"
        app.kill()
        assert app.proc.returncode == -9
        app.start()  # same port: the server reaches it at the URL it registered
        run = inngest_api.run_for_event(inngest_api.send("lead/created", {**lead, "lead_id": unique("lead")}))
        inngest_api.wait_for_run(run.id)
    finally:
        app.stop()
        resync_served("lead_routing")


@pytest.mark.integration
def test_the_dev_command_serves_and_stops_its_server_on_sigterm(inngest_server, tmp_path):
    import signal
    import subprocess

    port = server_tools.free_port()
    proc = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "inngest-kit"), "dev", "--fast", "--port", str(port)],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        first = proc.stdout.readline()
        assert f"on http://127.0.0.1:{port}" in first, first
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass  # the server answers on the port it announced
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)
        time.sleep(0.5)
        with pytest.raises(OSError):  # and it is gone: no orphaned server
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
    finally:
        if proc.poll() is None:
            proc.kill()
