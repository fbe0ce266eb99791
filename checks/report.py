"""Pattern-by-pattern validation report, from a real pytest run against the server.

`PatternReport` is a pytest plugin: it records every test's outcome and duration
(on the xdist controller too) and, at the end of a session that ran any example
test, writes reports/validation.json: date, server build, SDK version, and for
each documented pattern its tests, result and seconds. The main job
(checks.validate) prints it as a table; the docs site renders it as a page.

Each test's entry also has the worker that ran it, when it started and ended,
and its declared waiting floor (`@pytest.mark.wait_floor(seconds)`: the waits
the test requires by design). The "floor" section sums them over the parallel
schedule: suite floor = max(longest floor, sum of floors / workers), and the
ratio wall / floor. A test that passed in less time than its declared floor
has a wrong declaration: it is listed under "violations" and the session fails.

A pattern cites test functions by name; a parametrized test counts through
every one of its cases (`test_x[a]`, `test_x[b]`). Only a full run (every
pattern's tests ran) writes reports/validation.json, the file the site shows; a
partial run writes reports/partial-run.json instead, so `pytest tests/x.py`
never replaces the full report.
"""

from __future__ import annotations

import datetime
import json
import platform
import time
from importlib import metadata
from pathlib import Path

import pytest

from inngest_kit import server as inngest_server

from . import catalog

DEFAULT_PATH = catalog.REPO / "reports" / "validation.json"
PARTIAL_NAME = "partial-run.json"
# How much of a failure the report keeps: enough to see the assertion.
FAILURE_LINES = 12


class PatternReport:
    def __init__(self, path: Path = DEFAULT_PATH, only: list[str] | None = None) -> None:
        self.path = path
        self.only = only  # example names: a deliberately partial run
        self.results: dict[str, dict] = {}
        self.started = time.monotonic()
        self.wall_s: float | None = None
        self.workers = 1

    # -- pytest hooks -------------------------------------------------------

    def pytest_configure(self, config: pytest.Config) -> None:
        self.workers = int(getattr(config.option, "numprocesses", 0) or 1)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        entry = self.results.setdefault(report.nodeid, {"outcome": "passed", "duration": 0.0})
        entry["duration"] = round(entry["duration"] + report.duration, 3)
        floor = dict(report.user_properties).get("wait_floor")
        if floor is not None:
            entry["floor"] = floor
        node = getattr(report, "node", None)  # the xdist worker, on the controller
        gateway = getattr(node, "gateway", None)
        if gateway is not None:
            entry["worker"] = gateway.id
        if getattr(report, "start", None) and getattr(report, "stop", None):
            entry.setdefault("start", round(report.start, 3))
            entry["stop"] = round(report.stop, 3)
        if report.failed:
            entry["outcome"] = "failed"
            entry.setdefault("failure", failure_excerpt(report))
        elif report.skipped and entry["outcome"] == "passed":
            entry["outcome"] = "skipped"

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if hasattr(session.config, "workerinput"):
            return  # an xdist worker: the controller writes the report
        self.wall_s = round(time.monotonic() - self.started, 1)
        rows = self.rows()
        if any(r["result"] != "not run" for r in rows):
            full = not self.only and all(r["result"] != "not run" for r in rows)
            self.write(rows, self.path if full else self.path.with_name(PARTIAL_NAME))
        bad = floor_summary(self.results, self.workers, self.wall_s)["violations"]
        if bad:
            # A test cannot finish faster than the waits it requires: the declaration is wrong.
            lines = [f"  {v['test']}: declared floor {v['floor']} s, took {v['duration']} s" for v in bad]
            print("\nwait_floor larger than the measured duration (fix the declaration):\n" + "\n".join(lines))
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    # -- the report ---------------------------------------------------------

    def rows(self) -> list[dict]:
        rows = []
        for ex in catalog.all_examples():
            if self.only and ex.name not in self.only:
                continue
            for pat in ex.patterns:
                nodeids = [ex.test_nodeid(t) for t in pat.tests]
                # Each cited test with all its parametrized cases; None where it never ran.
                cases = {n: self.cases(n) for n in nodeids}
                ran = [o for found in cases.values() for o in found]
                failed = [n for found in cases.values() for n, o in zip(self.case_ids(found), found, strict=True)
                          if o["outcome"] == "failed"]
                if not ran:
                    result = "not run"
                elif any(o["outcome"] == "failed" for o in ran):
                    result = "failed"
                elif all(cases.values()) and all(o["outcome"] == "passed" for o in ran):
                    result = "passed"
                else:
                    result = "incomplete"
                rows.append(
                    {
                        "example": ex.name,
                        "example_title": ex.title,
                        "pattern": pat.id,
                        "title": pat.title,
                        "tests": nodeids,
                        "result": result,
                        "failed_tests": failed,
                        "seconds": round(sum(o["duration"] for o in ran), 2),
                    }
                )
        return rows

    def cases(self, nodeid: str) -> list[dict]:
        """The results of a test: itself, or every case of a parametrized test."""
        if nodeid in self.results:
            return [self.results[nodeid] | {"nodeid": nodeid}]
        prefix = nodeid + "["
        return [r | {"nodeid": n} for n, r in self.results.items() if n.startswith(prefix)]

    @staticmethod
    def case_ids(found: list[dict]) -> list[str]:
        return [o["nodeid"] for o in found]

    def write(self, rows: list[dict], path: Path | None = None) -> dict:
        counts: dict[str, int] = {}
        for r in self.results.values():
            counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
        data = {
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "server": inngest_server.read_record() or {"tag": inngest_server.PINNED_TAG},
            "sdk": {"inngest": metadata.version("inngest")},
            "python": platform.python_version(),
            "wall_seconds": self.wall_s,
            "workers": self.workers,
            "test_counts": counts,
            "patterns": rows,
            "full_run": not self.only and all(r["result"] != "not run" for r in rows),
            "ok": all(r["result"] == "passed" for r in rows) and not counts.get("failed"),
            "failures": [{"test": n, "failure": r.get("failure", "")} for n, r in self.results.items()
                         if r["outcome"] == "failed"],
            "floor": floor_summary(self.results, self.workers, self.wall_s),
            "tests": self.results,
        }
        path = path or self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2) + "\n")
        data["path"] = str(path)
        return data


def failure_excerpt(report: pytest.TestReport) -> str:
    """The assertion's first lines: the crash message, else the end of the long report."""
    crash = getattr(getattr(report, "longrepr", None), "reprcrash", None)
    text = getattr(crash, "message", None) or report.longreprtext or ""
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join(lines[:FAILURE_LINES])


def floor_summary(results: dict[str, dict], workers: int, wall_s: float | None) -> dict:
    """The suite's waiting floor over `workers` parallel workers, and the declarations
    that cannot be right (a passed test that took less than its declared floor)."""
    floors = {nodeid: r["floor"] for nodeid, r in results.items() if r.get("floor") is not None}
    total = round(sum(floors.values()), 2)
    longest = max(floors.values(), default=0.0)
    suite = round(max(longest, total / max(workers, 1)), 2)
    violations = [
        {"test": nodeid, "floor": f, "duration": results[nodeid]["duration"]}
        for nodeid, f in sorted(floors.items())
        if results[nodeid]["outcome"] == "passed" and f > results[nodeid]["duration"]
    ]
    return {
        "declared_tests": len(floors),
        "sum_seconds": total,
        "longest_seconds": longest,
        "workers": workers,
        "suite_floor_seconds": suite,
        "wall_seconds": wall_s,
        "wall_over_floor": round(wall_s / suite, 2) if wall_s and suite else None,
        "violations": violations,
    }
