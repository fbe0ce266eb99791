"""The run tree's explanations, on the shapes the server stores (no server needed:
the end-to-end runs are in test_cli.py and test_fixtures.py)."""

from inngest_kit.trace import _error_text, _why_not

# The server stores a wait's expression with `event.*` already replaced by literals.
EXPRESSION = 'async.data.expense_id == "exp_1"'


def test_a_missing_field_is_named_with_the_fields_the_event_has():
    event = {"name": "expense/decided", "data": {"expenseId": "exp_1", "approved": True}}
    assert _why_not(EXPRESSION, event) == (
        "has no field data.expense_id (async.data.expense_id in the expression; data has: approved, expenseId)"
    )


def test_a_different_value_is_shown_against_the_wanted_one():
    event = {"name": "expense/decided", "data": {"expense_id": "exp_2"}}
    assert _why_not(EXPRESSION, event) == 'data.expense_id is "exp_2", the expression wants "exp_1"'
    assert _why_not("async.data.count == 3", {"data": {"count": 4}}) == "data.count is 4, the expression wants 3"


def test_a_nested_path_is_followed():
    event = {"data": {"order": {"id": "o-1"}}}
    assert _why_not('async.data.order.id == "o-2"', event) == 'data.order.id is "o-1", the expression wants "o-2"'
    assert _why_not('async.data.order.ref == "o-2"', event).startswith("has no field data.order.ref")


def test_errors_read_as_name_and_message_also_when_the_server_wraps_them():
    assert _error_text({"name": "RuntimeError", "message": "boom", "stack": "..."}) == "RuntimeError: boom"
    wrapped = {"message": "", "name": None,
               "stack": '{"error":{"error":"Unable to reach SDK URL","name":"Error","message":"Unable to reach SDK URL"}}'}
    assert _error_text(wrapped) == "Error: Unable to reach SDK URL"
    assert _error_text(None) is None


def test_an_unnamed_execute_span_counts_only_as_the_step_whose_id_it_carries():
    """A COMPLETED run whose last step's span stayed "execute" (seen once in CI, 15 s long):
    its step id, sha1 of the SDK step id, says which step it was; any other execute span,
    and the system spans, are not steps."""
    from inngest_kit.api import Step, _named
    from inngest_kit.timeskip import hashed_step_id

    def span(name: str, step: str | None = None) -> Step:
        return Step(name, "COMPLETED", None, 0, None, step_id=hashed_step_id(step) if step else None)

    expected = ["classify", "apply-decision"]
    trace = [span("classify", "classify"), span("execute", "apply-decision"), span("function success")]
    assert _named(trace, expected) == expected
    assert _named([span("classify", "classify"), span("execute", "escalate")], expected) == ["classify"]
    assert _named([span("classify", "classify"), span("execute")], expected) == ["classify"]
