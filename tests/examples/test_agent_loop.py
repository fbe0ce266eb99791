"""examples/agent_loop: think -> act -> observe, bounded by max_iterations, one step per call."""

import pytest

from inngest_kit.api import assert_step_names, step_named, unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def agent_app(serve_example):
    return serve_example("agent_loop")


def test_the_agent_answers_through_the_api(agent_app, inngest_api):
    resp = agent_app.http.post("/tasks", json={"question": "what is durable execution?"})
    assert resp.status_code == 202, resp.text
    task_id = resp.json()["task_id"]

    done = inngest_api.complete(resp.json()["event_ids"][0])
    assert done.output == {
        "task_id": task_id,
        "status": "answered",
        "answer": "answer to 'what is durable execution?' from 1 observation(s)",
        "iterations": 2,
    }
    assert_step_names(inngest_api, done.id, ["think-0", "act-0", "think-1"])


def test_the_loop_stops_early_when_the_model_answers(agent_app, inngest_api, monkeypatch):
    monkeypatch.setattr(agent_app.module.settings, "max_iterations", 5)
    task_id = unique("task")
    agent_app.services.scripts[task_id] = [
        {"tool": "search", "input": "order volume 2025"},
        {"tool": "calculator", "input": "1200+340"},
    ]
    event_id = inngest_api.send("agent/task.submitted", {"task_id": task_id, "question": "total orders?"})

    done = inngest_api.complete(event_id)
    assert done.output["status"] == "answered" and done.output["iterations"] == 3
    assert_step_names(inngest_api, done.id, ["think-0", "act-0", "think-1", "act-1", "think-2"])
    act = step_named(inngest_api, done.id, "act-1")
    assert inngest_api.step_output(act).data == {"tool": "calculator", "result": "1540"}
    # The body replayed once per step, yet each model call and each tool call ran once.
    ledger = agent_app.services.ledger
    assert (ledger[(task_id, "llm-call")], ledger[(task_id, "tool-search")], ledger[(task_id, "tool-calculator")]) == (
        3,
        1,
        1,
    )


def test_the_loop_stops_at_max_iterations(agent_app, inngest_api, monkeypatch):
    monkeypatch.setattr(agent_app.module.settings, "max_iterations", 3)
    task_id = unique("task")
    agent_app.services.scripts[task_id] = None  # a model that never answers

    done = inngest_api.complete(inngest_api.send("agent/task.submitted", {"task_id": task_id, "question": "q"}))
    assert done.output["status"] == "max_iterations_reached"
    assert done.output["iterations"] == 3
    assert [o["result"] for o in done.output["observations"]] == [
        f"3 documents about q (attempt {n})" for n in (1, 2, 3)
    ]
    assert_step_names(inngest_api, done.id, ["think-0", "act-0", "think-1", "act-1", "think-2", "act-2"])
    assert agent_app.services.ledger[(task_id, "llm-call")] == 3


def test_the_documented_bound_is_the_default():
    """8 turns unless AGENT_MAX_ITERATIONS says otherwise (the tests above set 3 and 5)."""
    from examples.agent_loop.config import Settings

    assert Settings().max_iterations == 8
