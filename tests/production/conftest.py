"""Fixtures for the production-stack tests: Redis + PostgreSQL + `inngest start` (inngest_kit.stack)
and tests/production/stack_app.py served to it in cloud mode, in its own process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from inngest_kit.api import unique
from inngest_kit.stack import PostgresServer, Stack


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresServer]:
    """One PostgreSQL per test process; each stack gets its own database in it."""
    cluster = PostgresServer().start()
    yield cluster
    cluster.stop()


class StackStarter:
    """start_stack(instances=2, persistence="none", ...) -> a started Stack;
    start_stack.stop(stack) ends one early; the rest stop after the module."""

    def __init__(self, postgres: PostgresServer) -> None:
        self.postgres = postgres
        self.stacks: list[Stack] = []

    def __call__(self, **kwargs) -> Stack:
        stack = Stack(postgres=self.postgres, database=unique("db").replace("-", "_"), **kwargs)
        self.stacks.append(stack)
        return stack.start()

    def stop(self, stack: Stack) -> None:
        if stack in self.stacks:
            self.stacks.remove(stack)
            stack.stop()


@pytest.fixture(scope="module")
def start_stack(postgres_cluster: PostgresServer) -> Iterator[StackStarter]:
    starter = StackStarter(postgres_cluster)
    yield starter
    for stack in list(starter.stacks):
        starter.stop(stack)
