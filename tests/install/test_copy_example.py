"""scripts/copy_example.py: an example copied out of the repository runs as a project of its own."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import httpx
import pytest

from checks.pytest_pack import expected_slugs, load_example
from inngest_kit.apps import ServedProcess
from scripts import copy_example

REPO = Path(__file__).resolve().parents[2]
COPIER = REPO / "scripts" / "copy_example.py"


def copy(name: str, target: Path, *args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, str(COPIER), name, str(target), *args],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def app_id_of(name: str) -> str:
    return load_example(name).inngest_client.app_id


def new_slugs(name: str, app_id: str) -> set[str]:
    """The example's function slugs with the copy's app id in front."""
    old = app_id_of(name)
    return {app_id + slug.removeprefix(old) for slug in expected_slugs(load_example(name))}


def isolated_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INNGEST_") and k != "PYTHONPATH"}
    env["INNGEST_DEV"] = "1"
    return env


def test_the_pinned_versions_it_prints_are_the_projects():
    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = dict(d.split("==") for d in deps)
    for package, version in copy_example.PROVEN_WITH.items():
        assert pins[package] == version, f"copy_example.PROVEN_WITH[{package!r}] differs from pyproject.toml"


def test_every_example_copies_and_imports_outside_the_repository(tmp_path):
    names = copy_example.examples()
    assert len(names) >= 10
    for name in names:
        proc = copy(name, tmp_path)
        assert f"uvicorn {name}.main:app" in proc.stdout
        dest = tmp_path / name
        assert not (dest / "example.toml").exists()
        assert not list(dest.rglob("__pycache__"))
        for py in dest.rglob("*.py"):
            text = py.read_text()
            assert "examples." not in text.replace("inngest-workflow:", ""), f"{py} still names the pack's package"
    # One fresh interpreter with only the copies on its path: every app imports, the repo does not.
    script = (
        "import importlib, sys\n"
        f"names = {names!r}\n"
        "for n in names:\n"
        "    m = importlib.import_module(n + '.main')\n"
        "    assert m.app and m.functions, n\n"
        "try:\n"
        "    import examples\n"
        "    sys.exit('the repository is importable from the copy')\n"
        "except ImportError:\n"
        "    print('ok', len(names))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=isolated_env(),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"ok {len(names)}" in proc.stdout


def test_app_id_and_package_are_the_copys_own(tmp_path):
    proc = copy("approval", tmp_path, "--package", "expenses", "--app-id", "acme-expenses")
    client = (tmp_path / "expenses" / "client.py").read_text()
    assert 'app_id="acme-expenses"' in client
    assert app_id_of("approval") not in client
    assert "uvicorn expenses.main:app" in proc.stdout
    assert "POST /expenses/{expense_id}/decision" in proc.stdout
    # An existing package is never overwritten.
    again = subprocess.run([sys.executable, str(COPIER), "approval", str(tmp_path), "--package", "expenses"],
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 1 and "already exists" in again.stderr


@pytest.fixture
def served_copy(tmp_path, inngest_api):
    """serve(name, package) -> the copy, served in its own process with only tmp_path importable."""
    started: list[tuple[ServedProcess, str]] = []

    def serve(name: str, package: str) -> ServedProcess:
        app_id = package.replace("_", "-")
        copy(name, tmp_path, "--package", package)
        proc = ServedProcess(target=f"{package}.main:app", api=inngest_api,
                             expected_functions=new_slugs(name, app_id), cwd=str(tmp_path), pythonpath=[str(tmp_path)])
        started.append((proc, app_id, proc.expected_functions))
        return proc.start()

    yield serve
    for proc, app_id, slugs in started:
        proc.stop()
        # The copy triggers on the same events as the repository's example: take it off the
        # server so that other tests' events on this worker do not start its functions too.
        inngest_api.delete_app(app_id)
        assert not slugs & inngest_api.function_slugs(), "the copy's functions are still registered"



@pytest.mark.integration
def test_copied_lead_routing_runs_on_its_own(served_copy, inngest_api):
    app = served_copy("lead_routing", "my_leads")
    resp = httpx.post(f"{app.url}/leads", json={"name": "Bob", "email": "bob@shop.example", "company": "Shop",
                                                 "company_size": 12}, timeout=10)
    assert resp.status_code == 202, resp.text
    body = resp.json()
    run = inngest_api.complete(body["event_ids"][0], function="my-leads-route-lead")
    assert run.function_slug == "my-leads-route-lead"
    assert run.output["lead_id"] == body["lead_id"]
    assert run.output["method"] == "email"
    assert inngest_api.step_names(run.id)[-1] == "send-email"


@pytest.mark.integration
def test_copied_approval_waits_for_the_decision(served_copy, inngest_api):
    app = served_copy("approval", "my_expenses")
    resp = httpx.post(f"{app.url}/expenses", json={"submitter": "sam@example.com", "amount": 120.0}, timeout=10)
    assert resp.status_code == 202, resp.text
    expense_id, event_id = resp.json()["expense_id"], resp.json()["event_ids"][0]
    run = inngest_api.run_for_event(event_id, function="my-expenses-approve-expense")
    inngest_api.wait_for_step(run.id, "wait-for-decision", "WAITING")
    resp = httpx.post(f"{app.url}/expenses/{expense_id}/decision",
                      json={"approved": True, "approver": "lead@example.com"}, timeout=10)
    assert resp.status_code == 202, resp.text
    done = inngest_api.wait_for_run(run.id)
    assert done.output["status"] == "approved"
    assert done.output["expense_id"] == expense_id
    assert inngest_api.step_names(run.id) == ["notify-approver", "wait-for-decision", "schedule-payment"]


def test_copied_tests_need_nothing_but_the_kit(tmp_path):
    """Every example's test comes along (or the copy says why not), and in a project
    with only the copies every copied test is collected and finds its fixtures, with
    --strict-markers: no pack-only marker, fixture or import is left."""
    skipped = {}
    for name in copy_example.examples():
        proc = copy(name, tmp_path)
        if "its test -> " not in proc.stdout:
            skipped[name] = proc.stdout
    # Those that use the pack's own tooling say so and are the only ones.
    assert set(skipped) == {"durable_ledger", "lazy_db", "lead_routing", "production_client"}, skipped
    assert all("no test copied: " in why for why in skipped.values())
    tests = sorted((tmp_path / "tests").glob("test_*.py"))
    assert len(tests) == len(copy_example.examples()) - len(skipped)
    env = isolated_env()
    env.pop("INNGEST_DEV")
    plan = subprocess.run([sys.executable, "-m", "pytest", "--setup-plan", "--strict-markers", "-q",
                           "-p", "no:cacheprovider", "tests"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert plan.returncode == 0, plan.stdout[-3000:] + plan.stderr[-2000:]
    assert "error" not in plan.stdout.splitlines()[-1], plan.stdout[-3000:]
