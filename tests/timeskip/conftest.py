"""Fixtures for the time-skipping tests: one production-shaped stack per test process
(redis-server + PostgreSQL + `inngest start --redis-uri`, inngest_kit.stack) and the
examples served to it in cloud mode with their production defaults (no settings
overridden: 48 h, days, minutes)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from checks.pytest_pack import expected_slugs, load_example
from inngest_kit import pytest_plugin
from inngest_kit.production import ProductionProcess
from inngest_kit.stack import Stack

REPO = Path(__file__).resolve().parents[2]


# --8<-- [start:stack_fixtures]
@pytest.fixture(scope="session")
def inngest_stack(request: pytest.FixtureRequest) -> Iterator[Stack]:
    """The stack the kit's `time_skipper` fixture skips time on (it asks for this fixture by name):
    the kit's own under --inngest-env=production-stack, else one for these tests."""
    shared = pytest_plugin.production_stack()
    if shared is not None:
        request.getfixturevalue("inngest_server")  # starts it
        yield shared
        return
    stack = Stack().start()
    yield stack
    stack.stop()


@pytest.fixture(scope="session")
def serve_in_production(inngest_stack: Stack) -> Iterator[Callable[[str], ProductionProcess]]:
    """serve_in_production("approval") -> the example's app in its own process, in cloud
    mode against the stack, synced, with every duration at its production default."""
    served: dict[str, ProductionProcess] = {}
    api = inngest_stack.api()

    def serve(name: str) -> ProductionProcess:
        if name not in served:
            slugs = expected_slugs(load_example(name))
            proc = ProductionProcess(f"examples.{name}.main:app", api, slugs, cwd=str(REPO),
                                     pythonpath=[str(REPO)], env=dict(inngest_stack.app_env()))
            proc.env["INNGEST_SERVE_ORIGIN"] = proc.url
            served[name] = proc.start()
        return served[name]

    yield serve
    for proc in served.values():
        proc.stop()
    api.close()
# --8<-- [end:stack_fixtures]
