#!/usr/bin/env python3
"""Measure the pinned Inngest dev server and the test suite; write reports/benchmark.{json,md}.

A benchmark, not a test: it asserts nothing and fails only when something cannot
be measured. Unlike the other tools in scripts/, it is not standard-library only:
it runs from the repository, with its virtualenv, because it imports the repo's
harness (inngest_kit.apps, inngest_kit.api, checks.bench_app, checks.report).
An installed copy of the skill carries it with scripts/ but cannot run it (it says so).

  .venv/bin/python checks/benchmark.py            # full: ~5 min, plus a warm server rebuild
  .venv/bin/python checks/benchmark.py --quick    # the same figures from smaller samples, < 1 min
  .venv/bin/python checks/benchmark.py --run-suite --workers 6   # also runs the suite and times it

What one run measures
  startup      `inngest dev` start to ready (/health and /dev answer, ports checked), several starts
  sync         PUT /api/inngest on the app -> its functions registered on the server
  latency      event -> first step, step -> step: p50/p95 over sequential runs of a 3-step
               function (checks/bench_app.py), at --tick 50 (the tests' tick) and at 150 (the
               CLI's default). Timestamps are wall clock in this process: the send time is taken
               right before the POST to the event API, a step's time when its body runs.
  throughput   a burst of events into a 3-step function with a concurrency limit of 10:
               runs completed per second from the first send to the last run's return
  suite        wall time of the last test session against its waiting floor, from
               reports/validation.json (or from a session this script runs, --run-suite,
               with the CPU use of the whole machine sampled from /proc/stat)
  build        cold server build from the build record (build.json); warm rebuild (full mode
               only) timed into a temporary directory with the warm GOCACHE, never replacing
               the cached binary
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from inngest_kit import server as server_tools  # noqa: E402

REPORTS = REPO / "reports"
TEST_TICK_MS = 50  # harness: DevServer(tick_ms=50)
DEFAULT_TICK_MS = 150  # `inngest dev` without --tick

GOALS = {
    "suite_wall_over_floor": 1.5,
    "event_to_first_step_p50_ms": 100.0,
    "server_ready_s": 3.0,
}


# -- small helpers -----------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    """Percentile by linear interpolation (q in 0..100)."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summary(values: list[float], scale: float = 1.0, digits: int = 1) -> dict:
    return {
        "n": len(values),
        "p50": round(pct(values, 50) * scale, digits),
        "p95": round(pct(values, 95) * scale, digits),
        "min": round(min(values) * scale, digits),
        "max": round(max(values) * scale, digits),
        "mean": round(statistics.fmean(values) * scale, digits),
    }


def log(msg: str) -> None:
    print(f"[benchmark] {msg}", file=sys.stderr, flush=True)


class CpuSampler:
    """Whole-machine CPU use from /proc/stat, sampled every `every_s` seconds in a thread."""

    def __init__(self, every_s: float = 1.0) -> None:
        self.every_s = every_s
        self.samples: list[float] = []  # busy fraction of each interval, 0..1
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _read() -> tuple[int, int]:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return sum(fields), idle

    def _run(self) -> None:
        last = self._read()
        while not self._stop.wait(self.every_s):
            now = self._read()
            total, idle = now[0] - last[0], now[1] - last[1]
            if total > 0:
                self.samples.append(1 - idle / total)
            last = now

    def __enter__(self) -> CpuSampler:
        if Path("/proc/stat").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def result(self) -> dict:
        if not self.samples:
            return {"available": False}
        return {
            "available": True,
            "cores": os.cpu_count(),
            "mean_busy_pct": round(100 * statistics.fmean(self.samples), 1),
            "seconds_at_95pct_or_more": sum(1 for s in self.samples if s >= 0.95),
            "seconds_sampled": len(self.samples),
        }


# -- server start-up, sync, latency, throughput ------------------------------------------


def measure_startup(binary: Path, starts: int) -> dict:
    times = []
    for _ in range(starts):
        server = server_tools.DevServer(binary, tick_ms=TEST_TICK_MS)
        try:
            server.start()
            times.append(server.started_in_s)
        finally:
            server.stop()
    return {"starts": starts, **summary(times, digits=3)}


def load_bench_app(server_url: str):
    """(Re)import checks.bench_app with its client pointed at `server_url` (read at import)."""
    os.environ["INNGEST_DEV"] = server_url
    for key in ("INNGEST_SIGNING_KEY", "INNGEST_EVENT_KEY", "INNGEST_BASE_URL", "INNGEST_API_BASE_URL",
                "INNGEST_EVENT_API_BASE_URL", "INNGEST_ENV"):
        os.environ.pop(key, None)
    if "checks.bench_app" in sys.modules:
        return importlib.reload(sys.modules["checks.bench_app"])
    return importlib.import_module("checks.bench_app")


class Bench:
    """One dev server with the bench app served and synced."""

    def __init__(self, binary: Path, tick_ms: int) -> None:
        from inngest_kit.api import InngestAPI
        from inngest_kit.apps import ServedApp

        self.server = server_tools.DevServer(binary, tick_ms=tick_ms).start()
        self.api = InngestAPI(self.server.url)
        self.mod = load_bench_app(self.server.url)
        self.served = ServedApp(self.mod.app, self.api, self.mod.expected_slugs())
        began = time.monotonic()
        self.served.start()  # uvicorn up, then the first sync
        self.first_start_and_sync_s = round(time.monotonic() - began, 3)

    def close(self) -> None:
        self.served.stop()
        self.api.close()
        self.server.stop()

    def measure_sync(self, times: int) -> dict:
        """Re-syncs: PUT /api/inngest -> the server has every function of the app."""
        took = []
        for _ in range(times):
            began = time.monotonic()
            self.served.sync()
            took.append(time.monotonic() - began)
        return {"first_uvicorn_start_and_sync_s": self.first_start_and_sync_s, **summary(took, 1000, 1)}

    def one_latency_run(self, key: str, timeout_s: float = 30.0) -> dict[str, float]:
        mod = self.mod
        sent = time.time()  # right before the POST to the event API
        self.api.send(mod.LATENCY_EVENT, {"key": key})
        deadline = time.monotonic() + timeout_s
        while key not in mod.finished:
            if time.monotonic() > deadline:
                raise RuntimeError(f"bench-latency run for {key} did not finish within {timeout_s} s")
            time.sleep(0.002)
        return {"sent": sent, **mod.marks[key], "finished": mod.finished[key]}

    def measure_latency(self, runs: int, warmup: int = 3) -> dict:
        for i in range(warmup):
            self.one_latency_run(f"warm-{i}-{time.time_ns()}")
        first, between, whole = [], [], []
        for i in range(runs):
            m = self.one_latency_run(f"lat-{i}-{time.time_ns()}")
            first.append(m["first"] - m["sent"])
            between += [m["second"] - m["first_end"], m["third"] - m["second_end"]]
            whole.append(m["finished"] - m["sent"])
        return {
            "runs": runs,
            "event_to_first_step_ms": summary(first, 1000),
            "step_to_step_ms": summary(between, 1000),
            "event_to_function_return_ms": summary(whole, 1000),
        }

    def measure_throughput(self, events: int, timeout_s: float = 600.0) -> dict:
        mod = self.mod
        tag = f"tp-{time.time_ns()}"
        keys = [f"{tag}-{i}" for i in range(events)]
        with CpuSampler(0.5) as cpu:
            began = time.time()
            for chunk in range(0, events, 100):
                self.api.send_many([{"name": mod.THROUGHPUT_EVENT, "data": {"key": k}} for k in keys[chunk:chunk + 100]])
            sent_all = time.time()
            deadline = time.monotonic() + timeout_s
            while sum(1 for k in keys if k in mod.finished) < events:
                if time.monotonic() > deadline:
                    done = sum(1 for k in keys if k in mod.finished)
                    raise RuntimeError(f"throughput: {done}/{events} runs finished within {timeout_s} s")
                time.sleep(0.05)
        last = max(mod.finished[k] for k in keys)
        elapsed = last - began
        return {
            "events": events,
            "steps_per_run": 3,
            "concurrency_limit": mod.THROUGHPUT_LIMIT,
            "send_seconds": round(sent_all - began, 2),
            "drain_seconds": round(elapsed, 2),
            "runs_per_second": round(events / elapsed, 1),
            "cpu": cpu.result(),
        }


# -- the suite ---------------------------------------------------------------------------


def run_suite(workers: int, extra: list[str], dist: str = "worksteal") -> dict:
    cmd = [sys.executable, "-m", "pytest", "-n", str(workers), "--dist", dist, "-m", "not site", "-q",
           "-p", "no:cacheprovider", *extra]
    log(f"running the suite: {' '.join(cmd[2:])}")
    with CpuSampler(1.0) as cpu:
        began = time.monotonic()
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        wall = time.monotonic() - began
    tail = proc.stdout.strip().splitlines()[-1:] if proc.stdout.strip() else []
    log_path = REPORTS / "benchmark-suite.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_text(proc.stdout + proc.stderr)
    return {"command": " ".join(["pytest", *cmd[3:]]), "exit_code": proc.returncode,
            "process_wall_seconds": round(wall, 1), "summary_line": tail[0] if tail else "",
            "log": str(log_path.relative_to(REPO)), "cpu": cpu.result()}


def suite_figures(path: Path) -> dict | None:
    """Wall time against the waiting floor, from a validation report."""
    from checks.report import floor_summary

    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    tests = data.get("tests") or {}
    workers = int(data.get("workers") or 1)
    floor = floor_summary(tests, workers, data.get("wall_seconds"))
    out = {
        "report": str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path),
        "date": data.get("date"),
        "tests": len(tests),
        "test_counts": data.get("test_counts"),
        "workers": workers,
        "wall_seconds": data.get("wall_seconds"),
        "sum_of_durations_seconds": round(sum(t.get("duration", 0) for t in tests.values()), 1),
        "floor": floor,
    }
    # Where the workers' time went: busy per worker, and how long each sat idle at the end.
    by_worker: dict[str, list[dict]] = {}
    for t in tests.values():
        if t.get("worker") and t.get("stop"):
            by_worker.setdefault(t["worker"], []).append(t)
    if by_worker:
        last_stop = max(t["stop"] for ts in by_worker.values() for t in ts)
        first_start = min(t["start"] for ts in by_worker.values() for t in ts)
        out["workers_detail"] = {
            w: {
                "tests": len(ts),
                "busy_seconds": round(sum(t["duration"] for t in ts), 1),
                "floor_seconds": round(sum(t.get("floor", 0) for t in ts), 1),
                "idle_at_end_seconds": round(last_stop - max(t["stop"] for t in ts), 1),
            }
            for w, ts in sorted(by_worker.items())
        }
        out["first_test_to_last_test_seconds"] = round(last_stop - first_start, 1)
    return out


# -- the server build --------------------------------------------------------------------


def warm_rebuild() -> dict:
    """The server build as inngest_server.build does it, into a temporary directory.

    Uses the same module cache and GOCACHE, so this is the warm (cached) build time.
    The cached binary and its record are never touched."""
    go = shutil.which("go")
    if not go:
        return {"measured": False, "why": "go is not installed"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("INNGEST_")}
    env.update(CGO_ENABLED="0", GOWORK="off", GOFLAGS="-buildvcs=false")
    env.setdefault("GOTOOLCHAIN", "auto")
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="inngest-warm-build-") as tmp:
        info = json.loads(server_tools._run(
            [go, "mod", "download", "-json", f"{server_tools.MODULE}@{server_tools.PINNED_TAG}"],
            env=env, what="go mod download"))
        src = Path(tmp) / "inngest"
        shutil.copytree(info["Dir"], src)
        for p in src.rglob("*"):
            try:
                p.chmod(p.stat().st_mode | 0o200)
            except OSError:
                pass
        docs = src / "internal" / "embeddocs"
        if docs.is_dir():
            stub = docs / "website" / "pages" / "docs"
            stub.mkdir(parents=True, exist_ok=True)
            (stub / "README.md").write_text("# docs submodule is not part of the Go module zip\n")
        (src / "vendor" / "modules.txt").unlink(missing_ok=True)
        out = Path(tmp) / "inngest-bin"
        server_tools._run([go, "build", "-mod=mod", "-trimpath", "-ldflags", "-s -w", "-o", str(out), "./cmd"],
                          cwd=src, env=env, what="go build")
        size = out.stat().st_size
    return {"measured": True, "seconds": round(time.monotonic() - began, 1), "size_bytes": size}


# -- the report --------------------------------------------------------------------------


def fmt(x, unit: str = "") -> str:
    return "n/a" if x is None else f"{x}{unit}"


def goals(result: dict) -> list[dict]:
    rows = []
    suite = result.get("suite") or {}
    ratio = (suite.get("floor") or {}).get("wall_over_floor")
    rows.append({"goal": f"suite wall <= {GOALS['suite_wall_over_floor']} x its waiting floor",
                 "measured": fmt(ratio, " x"), "met": None if ratio is None else ratio <= GOALS["suite_wall_over_floor"]})
    p50 = result["latency"][str(TEST_TICK_MS)]["event_to_first_step_ms"]["p50"]
    rows.append({"goal": f"event -> first step p50 < {GOALS['event_to_first_step_p50_ms']:.0f} ms (tick {TEST_TICK_MS} ms)",
                 "measured": f"{p50} ms", "met": p50 < GOALS["event_to_first_step_p50_ms"]})
    ready = result["startup"]["p95"]
    rows.append({"goal": f"server ready < {GOALS['server_ready_s']:.0f} s (p95)", "measured": f"{ready} s",
                 "met": ready < GOALS["server_ready_s"]})
    return rows


def markdown(result: dict) -> str:
    env = result["environment"]
    st, sy = result["startup"], result["sync"]
    lines = [
        "# Performance",
        "",
        f"Benchmark of **{result['date']}** ({result['mode']} mode), `checks/benchmark.py`"
        f"{' --quick' if result['mode'] == 'quick' else ''}: Inngest dev server `{env['server_tag']}`, "
        f"Python SDK `inngest=={env['sdk']}`, {env['cpus']} CPU(s), Python {env['python']}.",
        "",
        "## Goals",
        "",
        "| Goal | Measured | Met |",
        "| --- | --- | --- |",
    ]
    for g in result["goals"]:
        met = "n/a" if g["met"] is None else ("yes" if g["met"] else "**no**")
        lines.append(f"| {g['goal']} | {g['measured']} | {met} |")
    lines += [
        "",
        "## Server",
        "",
        "| Measure | p50 | p95 | samples |",
        "| --- | --- | --- | --- |",
        f"| Start-up to ready (`inngest dev`, tick {TEST_TICK_MS} ms) | {st['p50']} s | {st['p95']} s | {st['n']} starts |",
        f"| App sync (PUT /api/inngest -> functions registered) | {sy['p50']} ms | {sy['p95']} ms | {sy['n']} syncs |",
    ]
    for tick, lat in result["latency"].items():
        e, s = lat["event_to_first_step_ms"], lat["step_to_step_ms"]
        lines.append(f"| Event -> first step, tick {tick} ms | {e['p50']} ms | {e['p95']} ms | {e['n']} runs |")
        lines.append(f"| Step -> step, tick {tick} ms | {s['p50']} ms | {s['p95']} ms | {s['n']} transitions |")
    tp = result["throughput"]
    lines += [
        "",
        f"Throughput: **{tp['runs_per_second']} runs/s** draining {tp['events']} events into a "
        f"{tp['steps_per_run']}-step function with concurrency limit {tp['concurrency_limit']} "
        f"(tick {TEST_TICK_MS} ms; {tp['drain_seconds']} s from the first send to the last run's return"
        + (f"; CPU {tp['cpu']['mean_busy_pct']} % busy" if tp["cpu"].get("available") else "") + ").",
        "",
    ]
    b = result["build"]
    warm = b.get("warm") or {}
    lines += [
        "## Server build",
        "",
        f"- cold: {fmt(b.get('cold_seconds'), ' s')} (from the build record; includes downloading the "
        "module and its dependencies)",
        "- warm (module cache and GOCACHE warm, into a temporary directory): "
        + (f"{warm['seconds']} s" if warm.get("measured") else f"not measured ({warm.get('why', 'quick mode')})"),
        "",
    ]
    suite = result.get("suite")
    lines += ["## Test suite", ""]
    if not suite:
        lines += ["No validation report to read: run `make test` (or this script with `--run-suite`).", ""]
    else:
        f = suite["floor"]
        lines += [
            f"Session of {suite['date']}: {suite['tests']} tests on {suite['workers']} workers "
            f"({', '.join(f'{n} {k}' for k, n in sorted((suite.get('test_counts') or {}).items()))}).",
            "",
            "| Measure | Seconds |",
            "| --- | --- |",
            f"| Wall time | {suite['wall_seconds']} |",
            f"| Sum of test durations | {suite['sum_of_durations_seconds']} |",
            f"| Sum of declared waiting floors ({f['declared_tests']} tests) | {f['sum_seconds']} |",
            f"| Longest single floor | {f['longest_seconds']} |",
            f"| Suite floor = max(longest, sum / {f['workers']} workers) | {f['suite_floor_seconds']} |",
            f"| Wall / floor | {fmt(f['wall_over_floor'], ' x')} |",
            "",
        ]
        if f["violations"]:
            lines += [f"**{len(f['violations'])} declared floor(s) exceed the measured duration.**", ""]
        run = result.get("suite_run")
        if run:
            cpu = run["cpu"]
            lines += [f"Run by this benchmark: `{run['command']}` -> exit {run['exit_code']}, "
                      f"{run['process_wall_seconds']} s"
                      + (f"; CPU {cpu['mean_busy_pct']} % busy on average, {cpu['seconds_at_95pct_or_more']} of "
                         f"{cpu['seconds_sampled']} s at >= 95 %" if cpu.get("available") else "") + ".", ""]
    lines += [
        "## Method",
        "",
        "- Each figure comes from the real dev server built from the Go module, started as the tests start it "
        f"(`--tick {TEST_TICK_MS} --retry-interval 1`, loopback, fresh working directory).",
        "- Latencies use wall-clock timestamps in one process: the benchmark takes the send time right before "
        "the POST to the event API, and the app (`checks/bench_app.py`, served in-process by uvicorn through "
        "`ServedApp`) notes when each step body starts and ends. Runs are sequential, after 3 warm-up runs.",
        "- The waiting floor of a test is the chain of waits it requires by design (sleeps, wait and function "
        "timeouts, 1 s retry intervals, debounce/batch/throttle periods, fixed windows that prove an absence), "
        "declared with `@pytest.mark.wait_floor(seconds)`. The suite floor over the parallel schedule is "
        "max(longest floor, sum of floors / workers); `checks/report.py` records it in `reports/validation.json` "
        "and fails the session when a test passes faster than its declared floor.",
        "",
        "Files: `reports/benchmark.json` (every figure), `reports/benchmark.md` (this page), "
        "`reports/validation.json` (per-test durations, floors, workers).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller samples, no warm rebuild (< 1 min)")
    parser.add_argument("--run-suite", action="store_true", help="run the suite (pytest -m 'not site') and time it")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "4")),
                        help="xdist workers for --run-suite (default $WORKERS or 4)")
    parser.add_argument("--dist", default=os.environ.get("DIST", "worksteal"),
                        help="xdist distribution for --run-suite (default $DIST or worksteal, as make test)")
    parser.add_argument("--pytest-args", default="", help="extra pytest arguments for --run-suite")
    parser.add_argument("--report", type=Path, default=REPORTS / "validation.json",
                        help="validation report to read the suite figures from")
    parser.add_argument("--out", type=Path, default=REPORTS, help="where benchmark.json and benchmark.md go")
    args = parser.parse_args(argv)

    try:
        import inngest_kit.apps  # noqa: F401
    except ImportError as exc:
        log(f"run this from the inngest-workflow repository with its virtualenv ({exc})")
        return 2
    quick = args.quick
    sizes = {
        "starts": 5 if quick else 10,
        "syncs": 5 if quick else 20,
        "latency_runs": 30 if quick else 150,
        "latency_runs_default_tick": 15 if quick else 100,
        "throughput_events": 300 if quick else 1000,
    }
    binary = server_tools.build()
    from importlib import metadata

    result: dict = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "mode": "quick" if quick else "full",
        "environment": {
            "server_tag": server_tools.PINNED_TAG,
            "sdk": metadata.version("inngest"),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": f"{platform.system().lower()}/{platform.machine()}",
        },
        "samples": sizes,
    }
    began = time.monotonic()

    log(f"server start-up x{sizes['starts']}")
    result["startup"] = measure_startup(binary, sizes["starts"])

    result["latency"] = {}
    for tick, runs in ((TEST_TICK_MS, sizes["latency_runs"]), (DEFAULT_TICK_MS, sizes["latency_runs_default_tick"])):
        bench = Bench(binary, tick)
        try:
            if tick == TEST_TICK_MS:
                log(f"sync x{sizes['syncs']}")
                result["sync"] = bench.measure_sync(sizes["syncs"])
            log(f"latency at tick {tick} ms, {runs} runs")
            result["latency"][str(tick)] = bench.measure_latency(runs)
            if tick == TEST_TICK_MS:
                log(f"throughput, {sizes['throughput_events']} events")
                result["throughput"] = bench.measure_throughput(sizes["throughput_events"])
        finally:
            bench.close()

    if args.run_suite:
        extra = args.pytest_args.split() if args.pytest_args else []
        result["suite_run"] = run_suite(args.workers, extra, args.dist)
    result["suite"] = suite_figures(args.report)

    rec = server_tools.read_record() or {}
    result["build"] = {"cold_seconds": rec.get("build_seconds"), "cold_record": str(server_tools.record_path())}
    if quick:
        result["build"]["warm"] = {"measured": False, "why": "quick mode"}
    else:
        log("warm server rebuild into a temporary directory")
        result["build"]["warm"] = warm_rebuild()

    result["goals"] = goals(result)
    result["benchmark_seconds"] = round(time.monotonic() - began, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "benchmark.json").write_text(json.dumps(result, indent=2) + "\n")
    md = markdown(result)
    (args.out / "benchmark.md").write_text(md)
    print(md)
    log(f"wrote {args.out / 'benchmark.json'} and {args.out / 'benchmark.md'} in {result['benchmark_seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
