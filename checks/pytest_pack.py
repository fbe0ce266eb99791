"""The pack's own pytest plugin (on top of the kit's `inngest_kit` plugin).

  serve_example    factory: serve_example("lead_routing", **settings) -> ServedApp (cached per session)
  markers          reliability, security, slow, wait_floor
  report           every session that runs example tests writes reports/validation.json
  CI policy        with CI=true a run that skipped anything fails as a whole
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from inngest_kit import pytest_plugin as kit_plugin
from inngest_kit.apps import ServedApp
from inngest_kit.testing import AppServer

PRODUCTION_STACK_REPORT = Path(__file__).resolve().parent.parent / "reports" / "production-stack" / "validation.json"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--provenance", action="store_true",
        help="run only the provenance checks against the seed documents outside the repository "
             "(the folder named by INNGEST_WORKFLOW_SEEDS); they are not part of the suite",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The suite stands alone: checks that read documents outside the repository
    # run only on request, and then only they run.
    wanted = config.getoption("--provenance")
    keep = [i for i in items if (i.get_closest_marker("provenance") is not None) == wanted]
    if len(keep) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep


def seed_documents() -> Path:
    """The folder INNGEST_WORKFLOW_SEEDS names, for provenance checks only (never a default:
    the suite reads nothing outside the repository)."""
    folder = os.environ.get("INNGEST_WORKFLOW_SEEDS", "")
    if not folder or not Path(folder).is_dir():
        pytest.fail(f"provenance checks need INNGEST_WORKFLOW_SEEDS set to the seed documents' folder (got {folder!r})")
    return Path(folder)


def pytest_configure(config: pytest.Config) -> None:
    for marker in (
        "provenance: compares the pack with the seed documents outside the repository (make provenance)",
        "reliability: crash, retry and fault tests against the real server",
        "security: production-mode and input-safety tests",
        "production_stack: against inngest_kit.stack (redis-server, PostgreSQL, inngest start); tests/production",
        "slow: waits on purpose for more than a few seconds",
        "timeskip: production durations proven by moving the server's timers (inngest_kit.timeskip); tests/timeskip",
        "wait_floor(seconds): the longest chain of waits the test requires by design (sleeps, timeouts, "
        "periods, retry intervals, proofs of absence), not latency; reports/validation.json checks it "
        "against the measured duration",
    ):
        config.addinivalue_line("markers", marker)
    # The main job passes its own instance; don't register twice.
    from .report import PatternReport

    if not any(isinstance(p, PatternReport) for p in config.pluginmanager.get_plugins()):
        # The production-stack leg reports beside, never over, the dev server's validation.json.
        from inngest_kit.pytest_plugin import environment

        report = PatternReport() if environment(config) == "dev" else PatternReport(PRODUCTION_STACK_REPORT)
        config.pluginmanager.register(report, "inngest-pattern-report")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true") and session.testscollected:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        n = len(reporter.stats.get("skipped", [])) if reporter else 0
        if n:
            # A skipped server test in CI means the harness failed to set up.
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
            print(f"\nCI: {n} test(s) skipped; skipping is a failure here.", file=sys.stderr)


def package_of(name: str) -> str:
    """"approval" -> "examples.approval"; a dotted name ("mistakes.durations") is used as is."""
    return name if "." in name else f"examples.{name}"


def load_example(name: str):
    """Import <package>/main.py, the module with `app`, `inngest_client` and `functions`."""
    return importlib.import_module(f"{package_of(name)}.main")


def expected_slugs(module) -> set[str]:
    slugs = set()
    for fn in module.functions:
        slugs.add(fn.id)
        if fn.on_failure_fn_id:
            slugs.add(fn.on_failure_fn_id)
    return slugs


@pytest.fixture(scope="session")
def serve_example(inngest_app: AppServer) -> Callable[..., ServedApp]:
    """serve_example("approval", decision_timeout=timedelta(seconds=2)) -> ServedApp.

    Keyword arguments override attributes of the example's `settings` object,
    which its functions read at run time: tests run the same code as users, with
    1-2 s durations instead of hours and days.
    """

    def serve(name: str, **settings: Any) -> ServedApp:
        module = load_example(name)
        if settings:
            target = module.settings
            for key, value in settings.items():
                if not hasattr(target, key):
                    raise AttributeError(f"{package_of(name)} settings have no {key!r}")
                setattr(target, key, value)
        # The kit serves it (once per session) and checks the registration.
        return inngest_app(f"{package_of(name)}.main:app", expect=expected_slugs(module), package=package_of(name))

    return serve


def resync_served(name: str) -> None:
    """Re-point the server at the in-process copy of an example, if this worker
    serves one. Needed after the same app id was synced from elsewhere (e.g. a
    ServedProcess): one app id is one app on the server, with one URL."""
    apps = kit_plugin.app_server()
    for (target, process, _), served in (apps.served.items() if apps else ()):
        if target == f"{package_of(name)}.main:app" and not process:
            served.sync()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    floor = item.get_closest_marker("wait_floor")
    if floor is not None and report.when == "call":
        # Travels with the report to the xdist controller, where checks/report.py reads it.
        report.user_properties.append(("wait_floor", float(floor.args[0])))
