"""Imported by the graders' instrumented service modules inside the candidate's app process.

Every side effect becomes one JSON line in the file named by EVAL_LEDGER, so the
grader (another process) can count side effects exactly, see when they started
and ended, and make a chosen call fail on its first attempt. Standard library only.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator

# Keys containing this marker fail on their first attempt (a transient outage).
FLAKY = "flaky"


def _path() -> str:
    path = os.environ.get("EVAL_LEDGER")
    if not path:
        raise RuntimeError("EVAL_LEDGER is not set: the grader starts this app with it")
    return path


def _read(f) -> Iterator[dict]:
    f.seek(0)
    for line in f:
        if line.strip():
            yield json.loads(line)


def record(kind: str, **data: object) -> int:
    """Append one side effect; return how many records of (kind, key) exist now, this one included."""
    entry = {"kind": kind, "t": time.time(), **data}
    with open(_path(), "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        count = 1 + sum(1 for e in _read(f) if e["kind"] == kind and e.get("key") == data.get("key"))
        f.seek(0, os.SEEK_END)
        f.write(json.dumps(entry) + "\n")
        f.flush()
    return count


def entries(kind: str | None = None) -> list[dict]:
    try:
        with open(_path()) as f:
            fcntl.flock(f, fcntl.LOCK_SH)
            return [e for e in _read(f) if kind is None or e["kind"] == kind]
    except FileNotFoundError:
        return []


def first_attempt_fails(kind: str, key: str) -> bool:
    """Record an attempt at (kind, key); True when this is the first attempt of a flaky key."""
    return record(f"{kind}:attempt", key=key) == 1 and FLAKY in key
