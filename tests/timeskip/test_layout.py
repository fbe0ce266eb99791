"""inngest_kit.timeskip against a bare redis-server (no Inngest): what it writes when it moves
a timer, and that it refuses, loudly, any layout it does not know instead of doing nothing.

The items are shaped like the ones `inngest start` v1.44.0 writes (seen in
tests/timeskip/test_production_durations.py runs); the production tests prove the
same code against the real server."""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import time

import pytest

from inngest_kit.server import PINNED_TAG
from inngest_kit.stack import RedisServer
from inngest_kit.timeskip import (
    GLOBAL_POINTERS,
    ITEMS,
    PARTITION_SET_PREFIX,
    PARTITIONS,
    VERIFIED_SERVER_VERSION,
    NoPendingTimer,
    QueueLayoutError,
    TimeSkipper,
    UnmovableTimer,
    account_pointers,
    add_cli_options,
    hashed_step_id,
    peek_time_key,
    skipper_from_args,
)

pytestmark = pytest.mark.timeskip

FN = "b4c0b68a-03f1-55b4-ad3f-b75875fcffcf"
ACCOUNT = "00000000-0000-4000-a000-000000000000"
RUN = "01M8P58XF42Z1888M9P0382MZ1"
WEEK_MS = 7 * 24 * 3600 * 1000


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"), persistence="none").start()
    yield server
    server.stop()


@pytest.fixture
def skipper(redis_server):
    with TimeSkipper(redis_server.url) as skipper:
        skipper.redis.flushall()
        yield skipper


def sleep_item(item_id: str, at_ms: int, **extra) -> dict:
    item = {
        "id": item_id, "at": at_ms, "wt": at_ms, "wfID": FN, "wsID": "00000000-0000-4000-b000-000000000000",
        "genID": 1, "pt": at_ms - 5, "eat": at_ms - WEEK_MS,
        "data": {"kind": "sleep", "atts": 0, "maxAtts": 5,
                 "identifier": {"runID": RUN, "wID": FN, "aID": ACCOUNT, "wsID": "00000000-0000-4000-b000-000000000000"},
                 "payload": {"edge": {"incoming": "step", "outgoing": hashed_step_id("week")}}},
    }
    item.update(extra)
    return item


def enqueue(skipper: TimeSkipper, item: dict, *, pointer_s: int, partition: str = FN) -> None:
    """What the server's enqueue leaves behind (lua/includes/enqueue_to_partition.lua:10-74)."""
    r = skipper.redis
    r.hset(ITEMS, item["id"], json.dumps(item))
    r.zadd(PARTITION_SET_PREFIX + partition, {item["id"]: item["at"]})
    r.hset(PARTITIONS, partition, json.dumps({"id": partition, "at": pointer_s, "aID": ACCOUNT}))
    r.zadd(GLOBAL_POINTERS, {partition: pointer_s})
    r.zadd(account_pointers(ACCOUNT), {partition: pointer_s})
    r.zadd("{queue}:accounts:sorted", {ACCOUNT: pointer_s})
    r.set(peek_time_key(item["id"]), item["at"] - 5)


def now_ms() -> int:
    return int(time.time() * 1000)


def test_moving_a_timer_writes_what_the_server_reads(skipper):
    due = now_ms() + WEEK_MS
    # The scanner already pushed the partition 30-60 s out (process_partition.go:380-382).
    pointer_s = now_ms() // 1000 + 45
    enqueue(skipper, sleep_item("i1", due), pointer_s=pointer_s)

    [timer] = skipper.pending(RUN)
    assert (timer.kind, timer.label, timer.due_ms, timer.partition) == ("sleep", "step.sleep / sleep_until", due, FN)
    assert timer.is_step("week") and not timer.is_step("month")

    before = now_ms()
    [moved] = skipper.skip(RUN)
    after = now_ms()
    r = skipper.redis
    item = json.loads(r.hget(ITEMS, "i1"))
    assert before <= item["at"] == item["wt"] == moved.due_ms <= after  # the worker waits until `at`
    assert "pt" not in item and not r.exists(peek_time_key("i1"))
    assert r.zscore(PARTITION_SET_PREFIX + FN, "i1") == item["at"]  # the peek reads the score
    assert r.zscore(GLOBAL_POINTERS, FN) == item["at"] // 1000  # the scan reads the pointer (seconds)
    assert r.zscore(account_pointers(ACCOUNT), FN) == item["at"] // 1000
    assert r.zscore("{queue}:accounts:sorted", ACCOUNT) == item["at"] // 1000
    # Everything else in the item is as the server wrote it.
    assert {k: v for k, v in item.items() if k not in ("at", "wt")} == {
        k: v for k, v in sleep_item("i1", due).items() if k not in ("at", "wt", "pt")}
    assert skipper.pending(RUN) == []


def test_a_pointer_already_earlier_is_left_alone(skipper):
    enqueue(skipper, sleep_item("i1", now_ms() + WEEK_MS), pointer_s=100)
    skipper.skip(RUN)
    assert skipper.redis.zscore(GLOBAL_POINTERS, FN) == 100


def test_advance_moves_every_timer_by_the_duration_and_never_before_now(skipper):
    day = 24 * 3600 * 1000
    base = now_ms()
    enqueue(skipper, sleep_item("soon", base + 3600 * 1000), pointer_s=base // 1000 + 3600)
    enqueue(skipper, sleep_item("later", base + 3 * day), pointer_s=base // 1000 + 3600)
    began = now_ms()
    moved = {t.item_id: t.due_ms for t in skipper.advance(datetime.timedelta(days=1))}
    assert moved["later"] == base + 2 * day
    assert began <= moved["soon"] <= now_ms()


def test_leased_items_are_not_pending(skipper):
    # A lease id is a ULID whose time is the lease's expiry: this one ends in the year 10889.
    enqueue(skipper, sleep_item("i1", now_ms() + WEEK_MS, leaseID="7ZZZZZZZZZ0000000000000000"), pointer_s=1)
    assert skipper.pending() == []


def test_held_items_are_listed_on_request_but_never_moved(skipper):
    """A worker that leased an item holds it until it is due; it leaves the partition's ready
    set (as a retry 1 s out often does within milliseconds). include_leased lists it, with its
    due time and attempt, so a test can still assert when it runs."""
    due = now_ms() + 1500
    enqueue(skipper, sleep_item("held", due, leaseID="7ZZZZZZZZZ0000000000000000"), pointer_s=1)
    skipper.redis.zrem(PARTITION_SET_PREFIX + FN, "held")
    enqueue(skipper, sleep_item("free", due + WEEK_MS), pointer_s=1)
    assert [t.item_id for t in skipper.pending(RUN)] == ["free"]
    held, free = skipper.pending(RUN, include_leased=True)
    assert (held.item_id, held.leased, held.movable, held.due_ms, held.attempt) == ("held", True, False, due, 0)
    assert (free.item_id, free.leased, free.movable) == ("free", False, True)
    with pytest.raises(UnmovableTimer, match="held by a queue worker"):
        skipper.move(held, now_ms())
    assert json.loads(skipper.redis.hget(ITEMS, "held"))["at"] == due  # untouched
    # Out of the ready set WITHOUT a lease: the server is requeueing it (the item is written
    # before its score). Calling that "held" made a 1 h retry look as if it would run on its
    # own (a CI failure); it is left out until the next read shows where it went.
    enqueue(skipper, sleep_item("moving", due + 2 * WEEK_MS), pointer_s=1)
    skipper.redis.zrem(PARTITION_SET_PREFIX + FN, "moving")
    assert [t.item_id for t in skipper.pending(RUN, include_leased=True)] == ["held", "free"]


def test_skip_with_nothing_pending_raises(skipper):
    enqueue(skipper, sleep_item("i1", now_ms() + WEEK_MS), pointer_s=1)
    with pytest.raises(NoPendingTimer, match="nothing to skip"):
        skipper.skip("01OTHERRUN0000000000000000")
    with pytest.raises(NoPendingTimer, match="no pending timer"):
        skipper.wait_for_timer("01OTHERRUN0000000000000000", timeout_s=0.2)


def test_an_item_changed_since_it_was_read_is_not_overwritten(skipper):
    enqueue(skipper, sleep_item("i1", now_ms() + WEEK_MS), pointer_s=1)
    [timer] = skipper.pending(RUN)
    skipper.redis.hset(ITEMS, "i1", json.dumps(sleep_item("i1", now_ms() + WEEK_MS, atts=1)))
    with pytest.raises(NoPendingTimer, match="ran or changed"):
        skipper.fire([timer])


def test_empty_redis_is_not_an_inngest_queue(skipper):
    with pytest.raises(QueueLayoutError, match="no Inngest queue"):
        skipper.check_layout()
    with pytest.raises(QueueLayoutError, match="no Inngest queue"):
        skipper.pending()


def test_a_key_of_another_type_is_refused(skipper):
    enqueue(skipper, sleep_item("i1", now_ms() + WEEK_MS), pointer_s=1)
    skipper.redis.delete(GLOBAL_POINTERS)
    skipper.redis.set(GLOBAL_POINTERS, "x")
    with pytest.raises(QueueLayoutError, match=r"partition:sorted is string, expected zset"):
        skipper.check_layout()


def test_key_queue_backlogs_are_refused(skipper):
    enqueue(skipper, sleep_item("i1", now_ms() + WEEK_MS), pointer_s=1)
    skipper.redis.zadd("{queue}:shadow:sorted", {FN: 1})
    with pytest.raises(QueueLayoutError, match="key-queue backlogs"):
        skipper.check_layout()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("at", None, "has no field at"),
    ("at", "1796644862", "at is '1796644862', expected epoch milliseconds"),
    ("wfID", None, "has no field wfID"),
])
def test_an_item_without_the_expected_fields_is_refused(skipper, field, value, message):
    enqueue(skipper, sleep_item("i1", now_ms() + WEEK_MS), pointer_s=1)
    broken = sleep_item("i1", now_ms() + WEEK_MS)
    if value is None:
        del broken[field]
    else:
        broken[field] = value
    skipper.redis.hset(ITEMS, "i1", json.dumps(broken))
    with pytest.raises(QueueLayoutError, match=message):
        skipper.pending()


def test_an_item_missing_a_nested_field_is_refused(skipper):
    item = sleep_item("i1", now_ms() + WEEK_MS)
    del item["data"]["identifier"]["runID"]
    enqueue(skipper, item, pointer_s=1)
    with pytest.raises(QueueLayoutError, match="no field data.identifier.runID"):
        skipper.pending()


def test_an_item_outside_its_partition_set_is_refused(skipper):
    enqueue(skipper, sleep_item("i1", now_ms() + WEEK_MS), pointer_s=1)
    [timer] = skipper.pending(RUN)
    with pytest.raises(QueueLayoutError, match="is not in"):
        skipper.fire([dataclasses.replace(timer, partition="elsewhere")])


def test_another_server_version_is_refused(redis_server):
    with pytest.raises(QueueLayoutError, match="verified against Inngest server v1.44.0, not v1.45.0"):
        TimeSkipper(redis_server.url, server_version="v1.45.0")


def test_the_cli_option_needs_the_servers_redis_and_checks_its_layout(skipper, redis_server, monkeypatch):
    monkeypatch.delenv("INNGEST_REDIS_URI", raising=False)
    parser = argparse.ArgumentParser()
    add_cli_options(parser)
    assert skipper_from_args(parser.parse_args([])) is None
    with pytest.raises(QueueLayoutError, match="--skip-time needs --redis-uri"):
        skipper_from_args(parser.parse_args(["--skip-time"]))
    with pytest.raises(QueueLayoutError, match="no Inngest queue"):  # an empty Redis: not the server's
        skipper_from_args(parser.parse_args(["--skip-time", "--redis-uri", redis_server.url]))
    enqueue(skipper, sleep_item("i1", now_ms() + WEEK_MS), pointer_s=1)
    monkeypatch.setenv("INNGEST_REDIS_URI", redis_server.url)
    parser = argparse.ArgumentParser()
    add_cli_options(parser)
    with skipper_from_args(parser.parse_args(["--skip-time"])) as from_env:
        assert [t.item_id for t in from_env.pending()] == ["i1"]


def test_the_verified_server_version_is_the_pinned_one():
    """Bumping the pinned server must re-verify the queue layout (this directory's tests) first."""
    assert VERIFIED_SERVER_VERSION == PINNED_TAG, (
        f"the kit pins Inngest {PINNED_TAG} but time-skipping was verified on {VERIFIED_SERVER_VERSION}: "
        "run tests/timeskip against the new server, fix what changed, then update VERIFIED_SERVER_VERSION")
