"""The runner's bookkeeping, without a server: what counts as test scaffolding, how the
agent's usage is read, how runs add up to benchmark.json, and that evals.json is current."""

import json

from evals import catalog
from evals.grading.framework import all_tasks
from evals.run import agent_usage, benchmark, changes, summary_markdown


def test_scaffolding_counts_only_new_lines_in_test_files():
    before = {"app/main.py": "a\nb\n", "tests/test_app.py": "x\n"}
    after = {
        "app/main.py": "a\nb\nc\n",  # one line of product code
        "tests/test_app.py": "x\ny\nz\n",  # two new test lines
        "conftest.py": "import pytest\n\nfixture = 1\n",  # two (blank lines do not count)
        "app/helpers_test.py": "t\n",
        "scripts/run_dev_server.py": "s\n",  # a helper, not a test file
    }
    got = changes(before, after)
    assert got["test_scaffolding_lines"] == 2 + 2 + 1
    assert got["lines_added"] == 1 + 2 + 2 + 1 + 1
    assert got["files_changed"] == sorted(["app/main.py", "tests/test_app.py", "conftest.py",
                                           "app/helpers_test.py", "scripts/run_dev_server.py"])


def test_usage_is_read_from_json_output_and_stream_json_lines():
    single = json.dumps({"type": "result", "num_turns": 7, "total_cost_usd": 0.5,
                         "usage": {"input_tokens": 100, "output_tokens": 20, "cache_read_input_tokens": 5}})
    assert agent_usage(single) == {"turns": 7, "total_tokens": 125, "cost_usd": 0.5,
                                   "usage": {"input_tokens": 100, "output_tokens": 20,
                                             "cache_read_input_tokens": 5}}
    stream = "\n".join([json.dumps({"type": "assistant"}), "not json", single])
    assert agent_usage(stream)["turns"] == 7
    assert agent_usage("plain text from another agent") == {"turns": None, "total_tokens": None,
                                                           "usage": None, "cost_usd": None}


def _run(task, condition, passed, total, seconds, tokens):
    return {"task": task, "condition": condition, "repeat": 1, "seconds": seconds,
            "grading": {"summary": {"passed": passed, "failed": total - passed, "total": total,
                                    "pass_rate": passed / total},
                        "assertion_results": [{"text": f"check {i}", "passed": i < passed, "evidence": ""}
                                              for i in range(total)]},
            "metrics": {"total_tokens": tokens, "turns": 3, "test_scaffolding_lines": 0}}


def test_benchmark_summarises_per_condition_with_a_delta():
    runs = [_run("a", "with_skill", 4, 4, 100, 1000), _run("a", "with_skill", 2, 4, 120, 1200),
            _run("a", "without_skill", 1, 4, 200, 3000)]
    bench = benchmark(runs)
    summary = bench["run_summary"]
    assert summary["with_skill"]["pass_rate"]["mean"] == 0.75
    assert summary["with_skill"]["full_pass_rate"]["mean"] == 0.5
    assert summary["without_skill"]["pass_rate"]["mean"] == 0.25
    assert summary["delta"]["pass_rate"] == 0.5
    assert summary["delta"]["time_seconds"] == -90
    assert bench["per_task"]["a"]["with_skill"]["full_passes"] == 1
    md = summary_markdown(bench, runs, "agent")
    assert "| a | 1/2 | 75% | 0/1 | 25% |" in md
    assert "2× a: check 3" in md  # failed by both runs that failed it


def test_evals_json_is_current_and_every_trap_names_declared_checks():
    assert catalog.main([]) == 0, "evals/evals.json is out of date: python -m evals.catalog --write"
    tasks = all_tasks()  # Task.load rejects a trap naming an unknown check
    assert len(tasks) >= 12
    assert {t.kind for t in tasks} == {"create", "improve", "debug", "design"}
    assert all(t.traps for t in tasks)
