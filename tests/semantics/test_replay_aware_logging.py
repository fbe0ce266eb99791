"""ctx.logger is the SDK's replay-aware proxy (middleware_lib/log.py): while the
handler replays memoized steps its calls do nothing, so each line is logged once
per run. A plain logger in the body logs again on every request (steps + 1)."""

from collections import Counter

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def app(serve_example):
    return serve_example("tests.semantics.apps.logging_replay")


def test_ctx_logger_logs_each_line_once_a_plain_logger_once_per_request(app, inngest_api):
    job = unique("job")
    inngest_api.complete(inngest_api.send(app.module.IMPORT_REQUESTED, {"job_id": job}))
    counts = Counter(line for line in app.module.captured.lines if f" {job} " in line)
    assert counts == {
        f"ctx {job} before step 0": 1, f"ctx {job} before step 1": 1, f"ctx {job} before step 2": 1,
        f"ctx {job} done": 1,
        # 3 steps = 4 requests; a line runs in every request that reaches it.
        f"plain {job} before step 0": 4, f"plain {job} before step 1": 3, f"plain {job} before step 2": 2,
        f"plain {job} done": 1,
    }
