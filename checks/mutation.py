"""Mutation testing of the examples: plant one realistic bug, run that example's tests, put the code back.

    python -m checks.mutation                 every mutant in checks/mutants.toml, report in reports/mutation.json
    python -m checks.mutation --list          the mutants, without running anything
    python -m checks.mutation --check         only check that every mutant still applies (fast; a unit test runs it)
    python -m checks.mutation --only ID ...   some mutants (ids or fnmatch patterns, e.g. 'rate_limit.*')
    python -m checks.mutation --survivors     after strengthening tests: rerun only the mutants the report
                                              shows as survived or not judged, and update the report
    python -m checks.mutation --only ID --update   rerun some mutants, merging into the report

Why not mutmut: mutmut 3 never mutates a decorated function nor a decorator's arguments, and it
only swaps in mutants of functions through trampolines. In these examples almost every line that
matters is one or the other: `@inngest_client.create_function(rate_limit=..., idempotency=...)`
around a decorated handler, `@app.post` routes, and settings read at import time. What is left
to it is the stand-in services. So the mutants here are written by hand, as data: a file, the
exact text to replace, the replacement, and why the result is a bug someone would really write.

Each mutant is applied to the file in place, that example's test module runs (`-x`, stops at the
first failure), and the file is restored with its original bytes and mtime, always: on failure,
on Ctrl-C and on SIGTERM. A mutant whose tests fail is killed; one whose tests pass survived.
Before its first mutant each test module runs once unmutated: a module that fails on the real
code cannot judge mutants, so they are reported as not judged and the run exits non-zero.

Slow on purpose (real server, seconds per test), so not part of CI; its logic has a unit test.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MUTANTS_FILE = REPO / "checks" / "mutants.toml"
REPORT = REPO / "reports" / "mutation.json"
# Where the original text of a file under mutation is kept while its tests run, so that a run
# killed with SIGKILL (no `finally`) is repaired by the next run before it does anything else.
JOURNAL = REPO / "reports" / "mutation-restore.json"

KILLED, SURVIVED, TIMEOUT, ERROR, NOT_JUDGED = "killed", "survived", "timeout", "error", "not judged"
# A timeout means the bug made the tests hang: they did not pass, so the mutant is caught.
# An error (collection or usage error) means the mutant broke the import: caught too, but
# reported apart, since a mutant that cannot even be imported tests little.
CAUGHT = (KILLED, TIMEOUT, ERROR)


@dataclass
class Mutant:
    id: str
    file: str  # relative to the repository
    original: str  # exact text, found exactly once in the file
    replacement: str
    why: str  # the realistic bug this stands for
    tests: str = ""  # test file or node id; default: the `tests` of the example's example.toml

    @property
    def example(self) -> str:
        parts = Path(self.file).parts
        return parts[1] if parts[0] == "examples" and len(parts) > 2 else ""


@dataclass
class Result:
    id: str
    example: str
    file: str
    tests: str
    why: str
    outcome: str
    duration_s: float
    caught_by: list[str] = field(default_factory=list)  # failing test ids, from pytest's summary
    detail: str = ""


class MutantError(ValueError):
    """The mutants file does not describe mutants that can be applied."""


def load(path: Path = MUTANTS_FILE, root: Path = REPO) -> list[Mutant]:
    """Read and check the mutants: each applies to the current code exactly once."""
    data = tomllib.loads(path.read_text())
    mutants = [Mutant(**entry) for entry in data.get("mutant", [])]
    problems, seen = [], set()
    for m in mutants:
        if m.id in seen:
            problems.append(f"{m.id}: duplicate id")
        seen.add(m.id)
        if not m.why.strip():
            problems.append(f"{m.id}: no reason given (why)")
        if m.original == m.replacement:
            problems.append(f"{m.id}: the replacement is the original")
        target = root / m.file
        if not target.is_file():
            problems.append(f"{m.id}: {m.file} does not exist")
            continue
        n = target.read_text().count(m.original)
        if n != 1:
            problems.append(f"{m.id}: the original text occurs {n} times in {m.file} (must be exactly once)")
        try:
            m.tests = m.tests or tests_of(m, root)
        except MutantError as exc:
            problems.append(f"{m.id}: {exc}")
            continue
        if not (root / m.tests.split("::")[0]).is_file():
            problems.append(f"{m.id}: test file {m.tests} does not exist")
    if problems:
        raise MutantError("\n".join(problems))
    return mutants


def tests_of(mutant: Mutant, root: Path = REPO) -> str:
    """The test module of the mutated example, as its example.toml names it."""
    if not mutant.example:
        raise MutantError(f"{mutant.file} is not in an example: give `tests`")
    record = root / "examples" / mutant.example / "example.toml"
    tests = tomllib.loads(record.read_text()).get("tests") if record.is_file() else None
    if not isinstance(tests, str):
        raise MutantError(f"{record.relative_to(root)} names no test module: give `tests`")
    return tests


def select(mutants: list[Mutant], patterns: list[str]) -> list[Mutant]:
    if not patterns:
        return mutants
    chosen = [m for m in mutants if any(fnmatch.fnmatchcase(m.id, p) for p in patterns)]
    if not chosen:
        raise MutantError(f"no mutant matches {' '.join(patterns)}")
    return chosen


def restore_leftovers(journal: Path = JOURNAL) -> list[str]:
    """Put back any file a killed earlier run left mutated. Returns the files restored."""
    if not journal.is_file():
        return []
    saved = json.loads(journal.read_text())
    for entry in saved.values():
        path = Path(entry["path"])
        path.write_text(entry["text"])
        os.utime(path, ns=(entry["mtime_ns"], entry["mtime_ns"]))
    journal.unlink()
    return list(saved)


@contextmanager
def applied(mutant: Mutant, root: Path = REPO, journal: Path = JOURNAL) -> Iterator[None]:
    """The file with the mutant in place, for the duration of the block; then the original
    bytes and mtime (the mtime too, so Python's cached bytecode of the original stays valid)."""
    path = root / mutant.file
    text = path.read_text()
    mtime_ns = path.stat().st_mtime_ns
    if text.count(mutant.original) != 1:
        raise MutantError(f"{mutant.id}: the original text is not in {mutant.file} exactly once")
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_text(json.dumps({mutant.file: {"path": str(path), "text": text, "mtime_ns": mtime_ns}}))
    try:
        path.write_text(text.replace(mutant.original, mutant.replacement))
        yield
    finally:
        path.write_text(text)
        os.utime(path, ns=(mtime_ns, mtime_ns))
        journal.unlink(missing_ok=True)


def pytest_command(tests: str, workers: int) -> list[str]:
    cmd = [sys.executable, "-m", "pytest", tests, "-x", "-q", "-p", "no:cacheprovider", "--no-header"]
    # -n 0 runs in this one process; -n N uses N pytest-xdist workers (each with its own server).
    return cmd + ["-n", str(workers)] if workers else cmd + ["-p", "no:xdist"]


FAILED_LINE = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.M)


def run_tests(tests: str, workers: int, timeout_s: float, root: Path = REPO) -> tuple[str, float, list[str], str]:
    """Run one test target. Returns (outcome, seconds, failing test ids, output tail)."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")  # never cache the bytecode of a mutant
    started = time.monotonic()
    try:
        proc = subprocess.run(pytest_command(tests, workers), cwd=root, env=env, capture_output=True,
                              text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout or ""
        out = out.decode(errors="replace") if isinstance(out, bytes) else out
        return TIMEOUT, time.monotonic() - started, [], out[-2000:]
    elapsed = time.monotonic() - started
    outcome, failing = classify(proc.returncode, proc.stdout)
    return outcome, elapsed, failing, (proc.stdout + proc.stderr)[-2000:]


def classify(returncode: int, stdout: str) -> tuple[str, list[str]]:
    """pytest's exit code and summary -> (outcome, failing test ids).

    0 is all passed. A FAILED line is a test that failed: killed, whatever the exit code
    (under pytest-xdist, -x ends the session as interrupted, exit code 2). Otherwise a
    non-zero exit is an error: collection or setup broke (ERROR lines), or pytest itself."""
    failing = FAILED_LINE.findall(stdout)
    if returncode == 0:
        return SURVIVED, failing
    if re.search(r"^FAILED ", stdout, re.M):
        return KILLED, failing
    return ERROR, failing


def score(results: list[Result]) -> float | None:
    judged = [r for r in results if r.outcome != NOT_JUDGED]
    if not judged:
        return None
    return 100.0 * sum(r.outcome in CAUGHT for r in judged) / len(judged)


def merge(previous: dict, rerun: dict) -> dict:
    """The previous report with the rerun mutants' new results in place of their old ones."""
    fresh = {r["id"]: r for r in rerun["results"]}
    results = [fresh.pop(r["id"], r) for r in previous["results"]] + list(fresh.values())
    seconds = previous["summary"]["duration_s"] + rerun["summary"]["duration_s"]
    runs = previous.get("runs", [{"mutants": previous["summary"]["mutants"], "duration_s": previous["summary"]["duration_s"]}])
    return {
        "summary": summary([Result(**r) for r in results], seconds),
        "runs": runs + [{"mutants": rerun["summary"]["mutants"], "duration_s": rerun["summary"]["duration_s"]}],
        "results": results,
    }


def summary(results: list[Result], seconds: float) -> dict:
    judged = [r for r in results if r.outcome != NOT_JUDGED]
    return {
        "mutants": len(results),
        "judged": len(judged),
        "caught": sum(r.outcome in CAUGHT for r in judged),
        "survived": [r.id for r in judged if r.outcome == SURVIVED],
        "not_judged": [r.id for r in results if r.outcome == NOT_JUDGED],
        "examples": len({r.example or r.file for r in results}),
        "score_percent": None if score(results) is None else round(score(results), 1),
        "duration_s": round(seconds, 1),
    }


def _raise_interrupt(signum, frame):  # SIGTERM ends the run like Ctrl-C: restore, then stop
    raise KeyboardInterrupt


def run(mutants: list[Mutant], *, workers: int = 0, timeout_s: float = 600, baseline: bool = True,
        root: Path = REPO, journal: Path = JOURNAL, report: Path | None = REPORT, echo=print) -> dict:
    restored = restore_leftovers(journal)
    if restored:
        echo(f"restored from an interrupted run: {', '.join(restored)}")
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    started = time.monotonic()
    results: list[Result] = []
    baseline_ok: dict[str, bool] = {}
    try:
        for i, m in enumerate(mutants, 1):
            if baseline and m.tests not in baseline_ok:
                outcome, secs, failing, tail = run_tests(m.tests, workers, timeout_s, root)
                baseline_ok[m.tests] = outcome == SURVIVED
                echo(f"baseline {m.tests}: {'passes' if baseline_ok[m.tests] else 'FAILS ' + ' '.join(failing)} ({secs:.0f} s)")
            if baseline and not baseline_ok[m.tests]:
                results.append(Result(m.id, m.example, m.file, m.tests, m.why, NOT_JUDGED, 0.0,
                                      detail="the tests fail on the unmutated code"))
                continue
            with applied(m, root, journal):
                outcome, secs, failing, tail = run_tests(m.tests, workers, timeout_s, root)
            results.append(Result(m.id, m.example, m.file, m.tests, m.why, outcome, round(secs, 1), failing,
                                  tail if outcome in (ERROR, TIMEOUT) else ""))
            echo(f"[{i}/{len(mutants)}] {m.id}: {outcome} ({secs:.0f} s){' by ' + failing[0] if failing else ''}")
    except KeyboardInterrupt:
        echo("interrupted: every file is restored; the report covers the mutants run so far")
    finally:
        signal.signal(signal.SIGTERM, previous)
    result = {"summary": summary(results, time.monotonic() - started), "results": [asdict(r) for r in results]}
    if report is not None:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps(result, indent=2) + "\n")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checks.mutation", description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="+", default=[], metavar="ID", help="mutant ids or fnmatch patterns")
    parser.add_argument("--survivors", action="store_true",
                        help="rerun the survived and not judged mutants of --report and update it")
    parser.add_argument("--update", action="store_true",
                        help="merge this run's results into --report instead of replacing it (e.g. with --only)")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--check", action="store_true", help="check that every mutant applies, then exit")
    # One process by default: each xdist worker starts its own server, which on 2 busy cores
    # made a module's run slower, not faster (measured: 19 s in one process, 43 s with -n 2).
    parser.add_argument("--workers", type=int, default=0, help="pytest-xdist workers per run (0: none)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a mutant's tests count as hung")
    parser.add_argument("--no-baseline", action="store_true", help="skip the unmutated run of each test module")
    parser.add_argument("--min-score", type=float, default=95.0, help="exit 1 below this percentage")
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args(argv)
    previous = None
    try:
        mutants = select(load(), args.only)
        if args.survivors or args.update:
            previous = json.loads(args.report.read_text())
            # Results of mutants since removed or renamed in the mutants file are dropped.
            current = {m.id for m in load()}
            previous["results"] = [r for r in previous["results"] if r["id"] in current]
        if args.survivors:
            again = set(previous["summary"]["survived"]) | set(previous["summary"]["not_judged"])
            mutants = [m for m in mutants if m.id in again]
    except (MutantError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.list or args.check:
        for m in mutants if args.list else []:
            print(f"{m.id:45} {m.file}\n    {m.why}")
        examples = {m.example or m.file for m in mutants}
        print(f"{len(mutants)} mutants over {len(examples)} examples apply to the current code")
        return 0
    out = run(mutants, workers=args.workers, timeout_s=args.timeout, baseline=not args.no_baseline,
              report=None if previous else args.report)
    complete = len(out["results"]) == len(mutants)
    if previous is not None:
        out = merge(previous, out)
        args.report.write_text(json.dumps(out, indent=2) + "\n")
    s = out["summary"]
    print(f"\n{s['caught']}/{s['judged']} mutants caught over {s['examples']} examples: "
          f"score {s['score_percent']} % in {s['duration_s']:.0f} s; report {args.report}")
    for r in out["results"]:
        if r["outcome"] in (SURVIVED, NOT_JUDGED):
            print(f"  {r['outcome'].upper()}: {r['id']} ({r['file']})\n    {r['why']}")
    ok = complete and not s["not_judged"] and s["score_percent"] is not None and s["score_percent"] >= args.min_score
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
