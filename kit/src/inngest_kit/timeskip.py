"""Time-skipping for a self-hosted Inngest server whose queue lives in your Redis.

The server has no clock to fast-forward (it uses the real clock), but every timer
it keeps is a queue item with a due time in Redis: `step.sleep`/`sleep_until`,
`wait_for_event` and `invoke` timeouts, debounce periods, batch timeouts,
function start/finish timeouts, retry back-off and events sent with a future
`ts`. This module reads those items, tells when each is due, and moves them.

    skipper = TimeSkipper("redis://127.0.0.1:6379")       # the server's --redis-uri
    timer = skipper.wait_for_timer(run_id, kind="sleep")  # the run reached its sleep
    assert timer.due == expected_due                      # "sleeps until exactly T"
    skipper.skip(run_id)                                  # due now; the run goes on
    skipper.advance(datetime.timedelta(hours=1))          # or: an hour passes for every timer

Where the queue is:
  * `inngest start --redis-uri`: in that Redis (see inngest_kit.stack).
  * `inngest dev`: in an in-process Redis (miniredis) that the server itself talks to
    over a loopback TCP port it picks at random (pkg/devserver/devserver.go:838-855,
    createInmemoryRedis: miniredis Start() listens on 127.0.0.1:0).
    `TimeSkipper.for_dev_server(port)` finds that listener among the server process's
    sockets and keeps the one that holds the queue (dev_server_queue_url). It is the
    same queue code with the same layout; only the store differs.
  * Inngest Cloud: its queue is not yours; nothing can be skipped there.

How the queue keeps a timer (pinned server source, github.com/inngest/inngest@v1.44.0;
paths below are relative to that module):
  * The item is JSON in the hash `{queue}:queue:item`, field = item id. `at` is its
    due time in ms since the epoch, `wt` the wall time used for latency accounting
    (pkg/execution/queue/item.go:72-100).
  * It is a member of its partition's sorted set `{queue}:queue:sorted:<partition>`,
    scored by the due time in ms. The partition is the function's UUID, or a system
    queue name for items that set one: `cancel` for start/finish timeouts
    (pkg/execution/executor/executor.go:792-823), `schedule-batch` for batch timeouts
    (pkg/execution/batch/redis.go:352-373) (partition.go:59-101,
    pkg/execution/state/redis_state/queue.go:86-105, key_generator.go:385-395).
  * The partition is a member of `{queue}:partition:sorted`, scored in whole SECONDS
    by its earliest item; for function partitions also of
    `{queue}:accounts:<account>:partition:sorted`, and the account of
    `{queue}:accounts:sorted` (lua/includes/enqueue_to_partition.lua:10-74,
    update_account_queues.lua:8-17).
  * The scanner leases partitions whose pointer is <= now + 1 s (queue/scan.go:106),
    then peeks items scored <= now + 1-2 s (process_partition.go:156, lua/queue/peek.lua).
    A partition with nothing due is pushed back 30-60 s (process_partition.go:380-382,
    consts.go:21-24), to the earliest item's `at` if that is sooner
    (lua/queue/partitionRequeue.lua:82-108). So moving an item's score alone can wait
    up to a minute: the partition pointer must move too.
  * A worker that took an item waits in memory until its `at` (queue/process.go:391-401),
    so `at` must move with the score, or the worker holds the item until the old time.
  * Nothing later checks elapsed time for these: a sleep resumes as soon as its item
    runs (executor.go:1931-1960), a wait/invoke timeout resumes with "timed out"
    (executor/service.go:363-385, executor.go:3338-3430), a debounce or batch item
    starts its run (service.go:387-430, 430-500).
  * Function `timeouts` (start/finish) DO check: their `cancel` item compares the real
    time since the run was enqueued/started with the timeout and, if it has not
    passed, enqueues itself again for the original time (service.go:566-642, 644-700).
    They are listed (`movable=False`) so a test can assert when they are due, and
    moving one raises UnmovableTimer.
The server moves a queued item the same way when a debounce is extended
(RequeueByJobID: redis_state/queue.go:782-856, lua/queue/requeueByID.lua): new
`at`/`wt`, peek-time key dropped, partition score and pointers lowered. This module
does those writes in one Lua script, only if the item is unchanged since it was read.

What it cannot move (nothing is lost: these keep real time):
  * function start/finish timeouts (see above);
  * throttle and rate_limit windows, and the function idempotency window (a 24 h
    rate limit): GCRA state keyed by real time, not queue items
    (pkg/execution/ratelimit, redis_state key_generator.go:298-303);
  * the concurrency requeue back-off of a limited partition (`forceAtMS`, up to 5 s):
    the pointer is left alone while it is in force, as the server itself does;
  * cron schedules (the next tick is computed from the cron expression and the real
    clock when the previous one runs); server housekeeping items;
  * an item already leased by a worker (it is running or about to, within ~2 s);
  * the pause record's `expires` and a debounce's maximum `timeout`: they stay at
    their real-time values. A timeout that fired consumes its wait, so a late event
    cannot resume it; advancing by less than a debounce's max timeout does not
    shorten that cap.
  * a retry's place under a concurrency limit: an item still holding the capacity lease of
    its previous attempt reuses it without a new check (queue/constraints.go:592-600,
    hasReusableCapacityLease), so a retry fired early can run over the limit, as retries
    that come back quickly in real time do (tests/semantics/test_concurrency_counts_steps.py).
    Skip retries only where the limit is not what is being decided.
  * "key queues" (EXPERIMENTAL_KEY_QUEUES_ENABLE=true keeps items in backlog sets):
    check_layout() refuses that layout instead of moving half of it.

Seen on the real server (tests/timeskip):
  * A busy partition is re-peeked every tick whatever its pointer says (in-memory
    "continuations", queue/continuation.go:109-160), so a skipped sleep right after a
    step wakes even without the pointer move; after a server restart, or for an idle
    partition such as a debounce's, only the pointer brings it back (tests prove both).
  * The run's trace keeps a skipped SLEEP span RUNNING (its sleepUntil stays the
    original time); the run's status, output and later steps are right. A natural
    sleep's span ends COMPLETED.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from .api import hashed_step_id  # noqa: F401 (part of this module's API)

# The server version whose queue layout this module was written and tested against.
VERIFIED_SERVER_VERSION = "v1.44.0"
# pkg/execution/state/redis_state/client.go:12 (QueueDefaultKey); key_generator.go:282-295,373-378,653-657.
QUEUE_PREFIX = "{queue}"
ITEMS = QUEUE_PREFIX + ":queue:item"
PARTITIONS = QUEUE_PREFIX + ":partition:item"
GLOBAL_POINTERS = QUEUE_PREFIX + ":partition:sorted"
ACCOUNT_POINTERS = QUEUE_PREFIX + ":accounts:sorted"
PARTITION_SET_PREFIX = QUEUE_PREFIX + ":queue:sorted:"
# Key queues v2 (backlogs): present only when the server runs with them (pkg/devserver/devserver.go:328-338).
KEY_QUEUE_SETS = (QUEUE_PREFIX + ":shadow:sorted", QUEUE_PREFIX + ":backlogs")


def account_pointers(account_id: str) -> str:
    return f"{QUEUE_PREFIX}:accounts:{account_id}:partition:sorted"


def peek_time_key(item_id: str) -> str:
    return f"{QUEUE_PREFIX}:queue:item:peek:{item_id}"


# Queue item kinds (pkg/execution/queue/kind.go:6-21) that are user timers, and what each one is.
TIMER_KINDS = {
    "sleep": "step.sleep / sleep_until",
    "pause": "wait timeout",  # refined from the pause's opcode, see Timer.label
    "debounce": "debounce period",
    "schedule-batch": "batch timeout",
    "cancel": "function timeout",  # listed, not movable: see UNMOVABLE_KINDS
    "edge": "scheduled step",  # "retry back-off" once an attempt failed
    "edge-error": "scheduled step",
    "start": "delayed start",  # an event `ts` in the future; "retry back-off" once an attempt failed
}
# Kinds whose handler checks real elapsed time, so an earlier item changes nothing.
UNMOVABLE_KINDS = {
    "cancel": "function timeouts compare the real time since the run started (or was enqueued) with the "
              "timeout and re-enqueue themselves for the original time (executor/service.go:566-642, 644-700)",
}
_PAUSE_LABELS = {"WaitForEvent": "wait_for_event timeout", "InvokeFunction": "invoke timeout",
                 "WaitForSignal": "wait_for_signal timeout"}
_NIL_RUN = "0" * 26
_ULID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Fields of a queue item this module reads or writes (item.go:72-139, and Item at 310-400).
_REQUIRED_FIELDS = (("id",), ("at",), ("wt",), ("wfID",), ("data", "kind"), ("data", "identifier", "runID"),
                    ("data", "identifier", "wID"))


class QueueLayoutError(RuntimeError):
    """The Redis does not hold the queue layout this module knows: it refuses to guess."""


class NoPendingTimer(LookupError):
    """Asked to skip a timer that is not (or no longer) pending."""


class UnmovableTimer(ValueError):
    """Asked to move a timer whose handler checks the real clock (UNMOVABLE_KINDS)."""


def _ulid_ms(ulid: str) -> int:
    """The millisecond timestamp in a ULID (its first 10 Crockford base-32 characters)."""
    value = 0
    for ch in ulid[:10].upper():
        value = value * 32 + _ULID_ALPHABET.index(ch)
    return value


def _ms_to_dt(ms: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.UTC)


def _field(obj: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            raise KeyError(".".join(path))
        obj = obj[key]
    return obj


@dataclass(frozen=True)
class Timer:
    """One pending timer: a queue item due in the future."""

    item_id: str
    kind: str  # the queue item kind: sleep, pause, debounce, schedule-batch, cancel, edge, start
    label: str  # what it is in SDK terms, e.g. "wait_for_event timeout"
    due: datetime.datetime  # when the server will run it (UTC, ms precision)
    function_id: str  # the function's internal UUID (InngestAPI.function_id(slug) gives it)
    run_id: str | None  # None for debounce and batch timers: the run does not exist yet
    step: str | None  # the step: its name for waits, its hashed id for sleeps and retries
    partition: str
    account_id: str | None
    raw: str = dataclasses.field(repr=False, compare=False, default="")
    # Held by a queue worker (pending(include_leased=True) only): a worker took the item within
    # the scanner's 1-2 s look-ahead and keeps it in memory until it is due, so it cannot move.
    leased: bool = False

    @property
    def movable(self) -> bool:
        return self.kind not in UNMOVABLE_KINDS and not self.leased

    @property
    def attempt(self) -> int:
        """The attempt this item makes (0-based): a retry back-off's is 1 or more."""
        return int(json.loads(self.raw)["data"].get("atts", 0)) if self.raw else 0

    @property
    def due_ms(self) -> int:
        return int(self.due.timestamp() * 1000 + 0.5)

    def is_step(self, step_id: str) -> bool:
        """Whether this timer belongs to the step the function calls `step_id`."""
        return self.step in (step_id, hashed_step_id(step_id))


def _timer(item_id: str, raw: str, partition: str, *, leased: bool = False) -> Timer:
    item = json.loads(raw)
    data = item["data"]
    kind = data["kind"]
    ident = data["identifier"]
    payload = data.get("payload") or {}
    run_id = ident.get("runID")
    step = None
    label = TIMER_KINDS[kind]
    if kind == "pause":
        pause = payload.get("pause") or {}
        label = _PAUSE_LABELS.get(pause.get("opcode"), label)
        step = pause.get("stepName") or pause.get("dataKey")
    elif kind in ("sleep", "edge", "edge-error"):
        step = (payload.get("edge") or {}).get("outgoing")
    if kind in ("start", "edge", "edge-error"):
        # A failed attempt is requeued as the same item with `atts` + 1 (queue/process.go:509-524):
        # the first request's retry is still a "start" item.
        label = "retry back-off" if data.get("atts", 0) > 0 else label
    elif kind == "cancel":
        # The cancellation names its run in the payload (executor.go:799-807).
        run_id = payload.get("target_id")
        label = f"function {payload.get('kind', 'timeout').replace('_', ' ')}"
    account = ident.get("aID")
    return Timer(
        item_id=item_id, kind=kind, label=label, due=_ms_to_dt(int(item["at"])),
        function_id=item["wfID"] if kind not in ("schedule-batch",) else (payload.get("fnID") or item["wfID"]),
        run_id=None if not run_id or run_id == _NIL_RUN else run_id,
        step=step, partition=partition, account_id=None if not account or account.startswith("00000000-0000-0000")
        else account, raw=raw, leased=leased,
    )


# Moves one item, atomically, only if it is exactly as read (compare-and-set on the JSON).
# KEYS: items hash, partition set, global pointers, partition items hash, the account's
#       partitions ("" without an account), account pointers, peek-time key.
# The account index is only lowered where the partition is already in it: the server
# decides which partitions it lists there (update_account_queues.lua:1-17).
# ARGV: item id, JSON as read, new JSON, new due ms, partition id, account id, now ms
_MOVE_SCRIPT = """
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 'changed' end
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 'not-in-partition' end
local due = tonumber(ARGV[4])
local due_s = math.floor(due / 1000)
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[2], due, ARGV[1])
redis.call('DEL', KEYS[7])
local meta = redis.call('HGET', KEYS[4], ARGV[5])
if meta then
  local forced = cjson.decode(meta).forceAtMS
  if type(forced) == 'number' and forced > tonumber(ARGV[7]) then return 'moved-pointer-forced' end
end
local ptr = redis.call('ZSCORE', KEYS[3], ARGV[5])
if not ptr or tonumber(ptr) > due_s then redis.call('ZADD', KEYS[3], due_s, ARGV[5]) end
local aptr = KEYS[5] ~= '' and redis.call('ZSCORE', KEYS[5], ARGV[5])
if aptr and tonumber(aptr) > due_s then
  redis.call('ZADD', KEYS[5], due_s, ARGV[5])
  local first = redis.call('ZRANGE', KEYS[5], 0, 0, 'WITHSCORES')
  redis.call('ZADD', KEYS[6], tonumber(first[2]), ARGV[6])
end
return 'moved'
"""


def _listening_ports(pid: int) -> list[int]:
    import psutil

    conns = psutil.Process(pid).net_connections(kind="tcp")
    return sorted({c.laddr.port for c in conns if c.status == psutil.CONN_LISTEN})


def _pid_listening_on(port: int) -> int | None:
    """The process listening on this local TCP port, if this user may see it."""
    import psutil

    try:
        for conn in psutil.net_connections(kind="tcp"):
            if conn.status == psutil.CONN_LISTEN and conn.laddr.port == port and conn.pid:
                return conn.pid
    except psutil.AccessDenied:
        pass  # macOS lists all sockets only to root: ask process by process instead
    for proc in psutil.process_iter():
        try:
            if port in _listening_ports(proc.pid):
                return proc.pid
        except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return None


def dev_server_queue_url(port: int, *, pid: int | None = None, host: str = "127.0.0.1") -> str:
    """The redis:// URL of the queue inside the `inngest dev` that listens on `port` here.

    Probes every other port the server process listens on with a Redis TYPE of the
    queue's item hash; exactly one must answer "hash". Raises QueueLayoutError, saying
    what it found, when there is no such process or not exactly one queue."""
    import psutil
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    if pid is None:
        pid = _pid_listening_on(port)
        if pid is None:
            raise QueueLayoutError(f"no process on this machine listens on port {port} (or this user may not "
                                   "see it): the dev server's queue can only be reached from the machine "
                                   "it runs on")
    try:
        name = psutil.Process(pid).name()
        ports = [p for p in _listening_ports(pid) if p != port]
    except (psutil.NoSuchProcess, psutil.AccessDenied) as exc:
        raise QueueLayoutError(f"cannot read the sockets of process {pid}: {exc}") from None
    def queue_type(candidate: int) -> str | None:
        # One try, short timeouts: the gRPC listeners accept a connection and then say nothing.
        client = redis.Redis(host=host, port=candidate, socket_timeout=0.5, socket_connect_timeout=0.5,
                             retry=Retry(NoBackoff(), 0), decode_responses=True)
        try:
            return client.type(ITEMS)
        except (redis.RedisError, OSError, UnicodeDecodeError):
            return None  # HTTP, gRPC: not a Redis
        finally:
            client.close()

    with ThreadPoolExecutor(max_workers=max(1, len(ports))) as pool:
        kinds = dict(zip(ports, pool.map(queue_type, ports), strict=True))
    answered = [p for p, kind in kinds.items() if kind is not None]
    found = [p for p, kind in kinds.items() if kind == "hash"]
    if len(found) != 1:
        raise QueueLayoutError(
            f"process {pid} ({name}) listening on port {port}: expected exactly one in-process Redis holding "
            f"{ITEMS} (a hash) among its listeners {ports}; Redis answered on {answered or 'none'}, "
            f"with the queue on {found or 'none'}. Is it `inngest dev` {VERIFIED_SERVER_VERSION}?")
    return f"redis://{host}:{found[0]}"


class TimeSkipper:
    """Reads and moves the timers of an Inngest server's queue: the Redis of
    `inngest start --redis-uri`, or the in-process one of `inngest dev` (for_dev_server).

    `server_version`: the server's version if known (None: unknown, rely on the layout
    checks alone); any other than VERIFIED_SERVER_VERSION is refused."""

    def __init__(self, redis_url: str, *, server_version: str | None = VERIFIED_SERVER_VERSION,
                 clock: Callable[[], float] = time.time):
        try:
            import redis
        except ImportError as exc:  # pragma: no cover - a dependency of the kit
            raise ImportError("time-skipping needs the `redis` package (a dependency of inngest-workflow-kit)") from exc
        if server_version is not None and server_version != VERIFIED_SERVER_VERSION:
            raise QueueLayoutError(
                f"time-skipping was verified against Inngest server {VERIFIED_SERVER_VERSION}, not "
                f"{server_version}: its queue layout may differ. Re-verify (tests/timeskip) before trusting it.")
        self.redis_url = redis_url
        self.redis = redis.Redis.from_url(redis_url, decode_responses=True)
        self.clock = clock
        self._move = self.redis.register_script(_MOVE_SCRIPT)
        self._layout_checked = False

    @classmethod
    def for_dev_server(cls, port: int, *, pid: int | None = None, **kwargs: Any) -> TimeSkipper:
        """On the `inngest dev` listening on `port` on this machine (its process: `pid`, or
        found by the port). The queue layout is checked before it is returned."""
        skipper = cls(dev_server_queue_url(port, pid=pid), **kwargs)
        skipper.check_layout()
        return skipper

    @classmethod
    def from_env(cls, **kwargs: Any) -> TimeSkipper:
        """From INNGEST_REDIS_URI, the variable `inngest start` itself reads."""
        url = os.environ.get("INNGEST_REDIS_URI")
        if not url:
            raise QueueLayoutError("INNGEST_REDIS_URI is not set: time-skipping needs the Redis that "
                                   "`inngest start --redis-uri` uses")
        return cls(url, **kwargs)

    def close(self) -> None:
        self.redis.close()

    def __enter__(self) -> TimeSkipper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now_ms(self) -> int:
        return int(self.clock() * 1000)

    # -- layout ---------------------------------------------------------------

    def check_layout(self) -> None:
        """Raise QueueLayoutError unless this Redis holds the queue layout described above.
        A live server always has items (its own housekeeping ones included)."""
        types = {key: self.redis.type(key) for key in (ITEMS, GLOBAL_POINTERS, PARTITIONS)}
        expected = {ITEMS: "hash", GLOBAL_POINTERS: "zset", PARTITIONS: "hash"}
        if all(t == "none" for t in types.values()):
            raise QueueLayoutError(
                f"no Inngest queue in {self._where()}: none of {', '.join(expected)} exists. Is this the Redis "
                "that `inngest start --redis-uri` uses (or, for `inngest dev`, the one dev_server_queue_url "
                "finds), and has the server started?")
        wrong = {k: t for k, t in types.items() if t != expected[k]}
        if wrong:
            raise QueueLayoutError(f"unexpected queue layout in {self._where()}: "
                                   + ", ".join(f"{k} is {t}, expected {expected[k]}" for k, t in wrong.items()))
        for key in KEY_QUEUE_SETS:
            if self.redis.exists(key):
                raise QueueLayoutError(
                    f"{key} exists in {self._where()}: the server keeps items in key-queue backlogs "
                    "(EXPERIMENTAL_KEY_QUEUES_ENABLE), which time-skipping does not move")
        self._layout_checked = True

    def _where(self) -> str:
        return self.redis_url.split("@")[-1]

    def _check_item(self, item_id: str, raw: str | None, partition: str) -> None:
        if raw is None:
            return
        try:
            item = json.loads(raw)
        except ValueError as exc:
            raise QueueLayoutError(f"queue item {item_id} in {ITEMS} is not JSON: {raw[:200]!r}") from exc
        for path in _REQUIRED_FIELDS:
            try:
                value = _field(item, path)
            except KeyError:
                raise QueueLayoutError(
                    f"queue item {item_id} in {PARTITION_SET_PREFIX}{partition} has no field "
                    f"{'.'.join(path)}: not the layout of Inngest server {VERIFIED_SERVER_VERSION}") from None
            if path in (("at",), ("wt",)) and not isinstance(value, int):
                raise QueueLayoutError(f"queue item {item_id}: {path[0]} is {value!r}, expected epoch milliseconds")

    # -- reading --------------------------------------------------------------

    def partitions(self) -> list[str]:
        """Every partition sorted set, by scanning (the pointer index can lag behind)."""
        found = {key[len(PARTITION_SET_PREFIX):] for key in self.redis.scan_iter(match=PARTITION_SET_PREFIX + "*",
                                                                                 count=500)}
        found.update(self.redis.zrange(GLOBAL_POINTERS, 0, -1))
        return sorted(found)

    def pending(self, run_id: str | None = None, *, function_id: str | None = None,
                kinds: Iterable[str] | None = None, step: str | None = None,
                include_leased: bool = False) -> list[Timer]:
        """Timers due after now, earliest first; filtered by run, function, kind, step.

        `include_leased`: also the items a queue worker already holds (Timer.leased, not
        movable). The scanner looks 1-2 s ahead, so a timer due that soon (e.g. a retry at
        the test server's 1 s interval) is often taken within milliseconds of being queued;
        it then runs at its due time. Listing it lets a test still assert that due time."""
        if not self._layout_checked:
            self.check_layout()
        wanted = set(kinds) if kinds is not None else set(TIMER_KINDS)
        unknown = wanted - set(TIMER_KINDS)
        if unknown:
            raise ValueError(f"not timer kinds: {sorted(unknown)}; known: {sorted(TIMER_KINDS)}")
        now = self.now_ms()
        timers = []
        for partition in self.partitions():
            key = PARTITION_SET_PREFIX + partition
            kind = self.redis.type(key)
            if kind == "none":
                continue  # emptied (and deleted) since the scan
            if kind != "zset":
                raise QueueLayoutError(f"{key} is a {kind}, expected a sorted set")
            ids = self.redis.zrangebyscore(key, now + 1, "+inf")
            if not ids:
                continue
            for item_id, raw in zip(ids, self.redis.hmget(ITEMS, ids), strict=True):
                self._check_item(item_id, raw, partition)
                if raw is None:
                    continue  # dequeued between the two reads
                item = json.loads(raw)
                if item["data"]["kind"] not in wanted or item["at"] <= now:
                    continue
                lease = item.get("leaseID")
                if lease and _ulid_ms(lease) > now:
                    continue  # a worker holds it: it is running or about to
                timers.append(_timer(item_id, raw, partition))
        if include_leased:
            listed = {t.item_id for t in timers}
            for item_id, raw in self.redis.hscan_iter(ITEMS, count=500):
                if item_id in listed:
                    continue
                item = json.loads(raw)
                if item.get("data", {}).get("kind") not in wanted or not isinstance(item.get("at"), int) \
                        or item["at"] <= now:
                    continue
                # Not in its partition's ready set with a due time ahead. A live lease: a worker
                # holds it. No lease: the server is requeueing it right now (the item is written
                # before its score, seen with retries); the next read shows where it went.
                lease = item.get("leaseID")
                if not lease or _ulid_ms(lease) <= now:
                    continue
                self._check_item(item_id, raw, "?")
                timers.append(_timer(item_id, raw, item.get("queueID") or item["wfID"], leased=True))

        def wanted_timer(timer: Timer) -> bool:
            return ((run_id is None or timer.run_id == run_id)
                    and (function_id is None or timer.function_id == function_id)
                    and (step is None or timer.is_step(step)))

        return sorted(filter(wanted_timer, timers), key=lambda t: (t.due, t.item_id))

    def queued_items(self, run_id: str) -> list[dict]:
        """Every queue item of a run, whatever its kind, due time or lease (raw item JSON).
        Empty means nothing in this queue can run, resume or time out that run again, e.g.
        after a restart that lost the queue, or once a cancel removed its sleep."""
        if not self._layout_checked:
            self.check_layout()
        found = []
        for item_id, raw in self.redis.hscan_iter(ITEMS, count=500):
            try:
                item = json.loads(raw)
                owner = _field(item, ("data", "identifier", "runID"))
            except (ValueError, KeyError):
                raise QueueLayoutError(f"queue item {item_id} in {ITEMS} has no data.identifier.runID: not the "
                                       f"layout of Inngest server {VERIFIED_SERVER_VERSION}") from None
            if owner == run_id:
                found.append(item)
        return found

    def wait_for_timer(self, run_id: str | None = None, *, function_id: str | None = None, kind: str | None = None,
                       step: str | None = None, due_after: datetime.datetime | None = None, timeout_s: float = 20.0,
                       poll_s: float = 0.05) -> Timer:
        """Poll until a matching timer is pending (e.g. the run reached its sleep); the earliest.

        `due_after`: only a timer due later than this, e.g. a debounce once the server has
        taken the last event of a burst (each event pushes the same timer later)."""
        deadline = time.monotonic() + timeout_s
        kinds = [kind] if kind else None
        while True:
            found = [t for t in self.pending(run_id, function_id=function_id, kinds=kinds, step=step)
                     if due_after is None or t.due > due_after]
            if found:
                return found[0]
            if time.monotonic() > deadline:
                what = ", ".join(f"{k}={v}" for k, v in
                                 (("run", run_id), ("function", function_id), ("kind", kind), ("step", step),
                                  ("due after", due_after)) if v)
                raise NoPendingTimer(f"no pending timer ({what}) after {timeout_s} s; pending now: "
                                     f"{self.pending() or 'none'}")
            time.sleep(poll_s)

    # -- moving ---------------------------------------------------------------

    def move(self, timer: Timer, due_ms: int) -> Timer:
        """Make `timer` due at `due_ms` (not earlier than now). Returns it with its new due time;
        raises NoPendingTimer if it ran or changed since it was read, UnmovableTimer for
        a kind whose handler checks the real clock."""
        if timer.leased:
            raise UnmovableTimer(f"{timer.label} ({timer.item_id}) is held by a queue worker, which runs it at "
                                 f"its due time {timer.due}")
        if not timer.movable:
            raise UnmovableTimer(f"{timer.label} ({timer.item_id}) cannot be moved: {UNMOVABLE_KINDS[timer.kind]}")
        due_ms = max(int(due_ms), self.now_ms())
        item = json.loads(timer.raw)
        item["at"] = due_ms
        item["wt"] = due_ms
        item.pop("pt", None)  # earliest peek time, for latency metrics (requeueByID.lua:56)
        new_raw = json.dumps(item, separators=(",", ":"), ensure_ascii=False)
        status = self._move(
            keys=[ITEMS, PARTITION_SET_PREFIX + timer.partition, GLOBAL_POINTERS, PARTITIONS,
                  account_pointers(timer.account_id) if timer.account_id else "", ACCOUNT_POINTERS,
                  peek_time_key(timer.item_id)],
            args=[timer.item_id, timer.raw, new_raw, due_ms, timer.partition, timer.account_id or "", self.now_ms()],
        )
        if status == "changed":
            raise NoPendingTimer(f"{timer.label} {timer.item_id} ran or changed before it could be moved")
        if status == "not-in-partition":
            raise QueueLayoutError(f"queue item {timer.item_id} is not in {PARTITION_SET_PREFIX}{timer.partition}: "
                                   "the server keeps it somewhere this module does not know")
        return dataclasses.replace(timer, due=_ms_to_dt(due_ms), raw=new_raw)

    def fire(self, timers: Iterable[Timer]) -> list[Timer]:
        """Make each timer due now. The server runs them within about one --tick."""
        now = self.now_ms()
        return [self.move(t, now) for t in timers]

    def skip(self, run_id: str | None = None, *, function_id: str | None = None, kind: str | None = None,
             step: str | None = None) -> list[Timer]:
        """Fire the pending timers of a run (or of a function: debounce and batch timers have
        no run yet). Raises NoPendingTimer when there is none, never a silent no-op."""
        if run_id is None and function_id is None:
            raise ValueError("skip() needs a run_id or a function_id; advance() moves everything")
        timers = [t for t in self.pending(run_id, function_id=function_id, kinds=[kind] if kind else None, step=step)
                  if t.movable or kind is not None]
        if not timers:
            raise NoPendingTimer(f"nothing to skip for run={run_id} function={function_id} kind={kind} "
                                 f"step={step}; pending now: {self.pending() or 'none'}")
        return self.fire(timers)

    def advance(self, by: datetime.timedelta) -> list[Timer]:
        """Let `by` pass for every pending movable timer: each becomes due `by` earlier (now
        at the earliest), in its order. Returns the moved timers; unmovable ones (function
        timeouts) stay where they are and are still listed by pending()."""
        if by <= datetime.timedelta(0):
            raise ValueError(f"advance() takes a positive duration, not {by}")
        shift = int(by.total_seconds() * 1000)
        return [self.move(t, t.due_ms - shift) for t in self.pending() if t.movable]


# The fast test profile's --retry-interval (inngest_kit.server.DevServer.retry_interval_s).
TEST_RETRY_INTERVAL = datetime.timedelta(seconds=1)
_MS = datetime.timedelta(milliseconds=1)  # due times are whole milliseconds


def _utc(ts: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(ts, datetime.UTC)


def assert_due(timer: Timer, earliest: float, latest: float, after: datetime.timedelta, *,
               slack: datetime.timedelta = datetime.timedelta(0)) -> None:
    """Assert the timer is due `after` from some moment in [earliest, latest] (epoch seconds):
    the server starts counting when it handles the step, which a test can only bracket
    (e.g. taken before the event was sent and after the timer was seen)."""
    low, high = _utc(earliest) + after - slack, _utc(latest) + after + slack
    if not low <= timer.due <= high:
        raise AssertionError(f"{timer.label} due {timer.due}, expected within [{low}, {high}]")


def retries_not_due(skipper: TimeSkipper, run_id: str) -> list[Timer]:
    """The run's retry back-offs not yet due, earliest first, held ones included (Timer.leased)."""
    return [t for t in skipper.pending(run_id, include_leased=True) if t.label == "retry back-off"]


def skip_retries(skipper: TimeSkipper, run_id: str, count: int, *, since: float,
                 after: datetime.timedelta = TEST_RETRY_INTERVAL, timeout_s: float = 30.0) -> list[Timer]:
    """The run's next `count` retries, each asserted due `after` from its failure, and made
    due now unless a worker already holds it (then it runs at that due time).

    For the test server's 1 s retry interval: a back-off that short is inside the queue
    scanner's look-ahead, so a worker often leases the retry within milliseconds and keeps
    it until due (measured: 29 of 34 retries skipped, 5 held, each at most 1 s of real
    time). The attempts themselves stay the caller's claims. Under a concurrency limit,
    see "What it cannot move": a retry fired early can reuse its lease.

    `since`: an epoch time before the first of those failures (e.g. taken before the
    event was sent). Each later failure happened after the previous retry ran (no earlier
    than it was made due, or than its due time). Every failure happened before the test
    saw its retry, so each due time must lie in [that moment + after, seen + after].
    Returns the retries as the server scheduled them, in order; raises if one is not
    found within `timeout_s`."""
    scheduled: list[Timer] = []
    held = 0
    handled: set[tuple[str, int]] = set()  # (item, attempt): a failed retry requeues the same item
    deadline = time.monotonic() + timeout_s
    while len(scheduled) < count:
        retries = [t for t in retries_not_due(skipper, run_id) if (t.item_id, t.attempt) not in handled]
        if not retries:
            if time.monotonic() > deadline:
                raise NoPendingTimer(f"run {run_id}: retry {len(scheduled) + 1} of {count} was not found "
                                     f"within {timeout_s} s; pending: {skipper.pending(run_id) or 'none'}")
            time.sleep(0.01)
            continue
        timer = retries[0]
        assert_due(timer, since, time.time(), after, slack=_MS)  # after its failure, in [since, seen]
        if timer.leased:
            held += 1
            since = timer.due.timestamp() - 0.001  # a held retry runs at its due time
        else:
            moved_at = time.time()
            try:
                skipper.move(timer, skipper.now_ms())
                since = moved_at
            except (NoPendingTimer, UnmovableTimer):
                # Changed since it was read. Due within the scanner's look-ahead: a worker took it
                # and runs it at its due time. Further out no worker can hold it: read it again.
                if timer.due_ms - skipper.now_ms() > 2_000:
                    time.sleep(0.01)
                    continue
                held += 1
                since = timer.due.timestamp() - 0.001
        scheduled.append(timer)
        handled.add((timer.item_id, timer.attempt))
    print(f"run {run_id}: {count} retries, {count - held} skipped, {held} held by a worker (ran at their due time)")
    return scheduled


def fire_pending(skipper: TimeSkipper, run_id: str, *, hold: Callable[[Timer], bool] | None = None,
                 on_skip: Callable[[Timer], None] | None = None) -> list[Timer]:
    """One pass: make each movable pending timer of `run_id` due now, except those `hold`
    keeps (e.g. the wait a command is about to answer with an event). `on_skip` gets
    each timer as it was scheduled, before the move."""
    fired = []
    for timer in skipper.pending(run_id):
        if not timer.movable or (hold is not None and hold(timer)):
            continue
        try:
            moved = skipper.move(timer, skipper.now_ms())
        except NoPendingTimer:
            continue  # it ran on its own meanwhile
        fired.append(moved)
        if on_skip:
            on_skip(timer)
    return fired


def drive_run(skipper: TimeSkipper, run_status: Callable[[], str | None], run_id: str, *,
              timeout_s: float = 60.0, poll_s: float = 0.1,
              on_skip: Callable[[Timer], None] | None = None) -> list[Timer]:
    """Fire each timer of `run_id` as it appears until the run ends; returns what was fired.

    `run_status()` returns the run's status (e.g. `lambda: (api.run(run_id) or
    Run).status`); the loop ends on COMPLETED, FAILED, CANCELLED or SKIPPED. This is
    what `inngest-kit run --skip-time` does while it waits for a run."""
    fired: list[Timer] = []
    deadline = time.monotonic() + timeout_s
    while True:
        status = run_status()
        if status in ("COMPLETED", "FAILED", "CANCELLED", "SKIPPED"):
            return fired
        fired += fire_pending(skipper, run_id, on_skip=on_skip)
        if time.monotonic() > deadline:
            raise TimeoutError(f"run {run_id} still {status} after {timeout_s} s with time-skipping; "
                               f"fired {len(fired)} timer(s)")
        time.sleep(poll_s)


def add_cli_options(parser: argparse.ArgumentParser) -> None:
    """`--skip-time` and `--redis-uri` for a command that waits on runs (`inngest-kit run`)."""
    parser.add_argument("--skip-time", action="store_true",
                        help="fire each sleep, wait/invoke timeout, debounce or batch timer of the run as soon as "
                             "it is scheduled (on `inngest dev` its in-process queue is found; on `inngest start`, "
                             "give --redis-uri)")
    parser.add_argument("--redis-uri", default=os.environ.get("INNGEST_REDIS_URI"),
                        help="the Redis the server was started with (default: $INNGEST_REDIS_URI)")


def skipper_from_args(args: argparse.Namespace) -> TimeSkipper | None:
    """The TimeSkipper `--skip-time` asks for (layout checked), or None without it."""
    if not getattr(args, "skip_time", False):
        return None
    if not args.redis_uri:
        raise QueueLayoutError("--skip-time needs --redis-uri (or INNGEST_REDIS_URI): the Redis of "
                               "`inngest start --redis-uri` (for `inngest dev`: TimeSkipper.for_dev_server)")
    skipper = TimeSkipper(args.redis_uri)
    skipper.check_layout()
    return skipper
