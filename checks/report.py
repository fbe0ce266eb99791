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


class PatternReport:
    def __init__(self, path: Path = DEFAULT_PATH) -> None:
        self.path = path
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
        elif report.skipped and entry["outcome"] == "passed":
            entry["outcome"] = "skipped"

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if hasattr(session.config, "workerinput"):
            return  # an xdist worker: the controller writes the report
        self.wall_s = round(time.monotonic() - self.started, 1)
        rows = self.rows()
        if any(r["result"] != "not run" for r in rows):
            self.write(rows)
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
            for pat in ex.patterns:
                nodeids = [ex.test_nodeid(t) for t in pat.tests]
                outcomes = [self.results.get(n) for n in nodeids]
                ran = [o for o in outcomes if o is not None]
                if not ran:
                    result = "not run"
                elif any(o["outcome"] == "failed" for o in ran):
                    result = "failed"
                elif len(ran) == len(outcomes) and all(o["outcome"] == "passed" for o in ran):
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
                        "seconds": round(sum(o["duration"] for o in ran), 2),
                    }
                )
        return rows

    def write(self, rows: list[dict]) -> dict:
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
            "ok": all(r["result"] in ("passed", "not run") for r in rows) and not counts.get("failed"),
            "floor": floor_summary(self.results, self.workers, self.wall_s),
            "tests": self.results,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(data, indent=2) + "\n")
        return data


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
