"""Which server binary the kit runs: named, cached, on PATH (of the pinned version), or built."""

import stat

import pytest

from inngest_kit import server as server_tools

CACHE = str(server_tools.cache_root())  # resolved at import, before any fixture changes it


@pytest.fixture
def nothing_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("INNGEST_WORKFLOW_CACHE", str(tmp_path / "empty-cache"))
    monkeypatch.delenv(server_tools.BINARY_VARIABLE, raising=False)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))  # no Go, no inngest: unless a test puts one there
    return bin_dir


def fake_inngest(bin_dir, version: str):
    exe = bin_dir / "inngest"
    exe.write_text(f"#!/bin/sh\necho 'inngest version {version}'\n")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return exe


def test_the_named_binary_wins_even_over_the_cache(tmp_path, monkeypatch):
    named = fake_inngest(tmp_path, "whatever")
    monkeypatch.setenv(server_tools.BINARY_VARIABLE, str(named))
    assert server_tools.find_binary() == named


def test_a_named_binary_that_is_not_there_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv(server_tools.BINARY_VARIABLE, str(tmp_path / "nope"))
    with pytest.raises(server_tools.BuildError, match=f"^{server_tools.BINARY_VARIABLE}=.*nope is not an executable file$"):
        server_tools.find_binary()


def test_an_inngest_on_path_is_used_only_at_the_pinned_version(nothing_cached):
    exe = fake_inngest(nothing_cached, server_tools.PINNED_TAG)
    assert server_tools.find_binary() == exe
    fake_inngest(nothing_cached, "v1.99.0")  # another version: its GraphQL may differ; build the pinned one
    with pytest.raises(server_tools.BuildError, match="Go is not installed"):
        server_tools.find_binary()


def test_the_cached_build_comes_before_path(nothing_cached, monkeypatch):
    fake_inngest(nothing_cached, server_tools.PINNED_TAG)
    monkeypatch.setenv("INNGEST_WORKFLOW_CACHE", CACHE)
    assert server_tools.find_binary() == server_tools.binary_path()
