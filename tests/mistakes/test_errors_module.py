"""Seeds 001 "### Error Types" / 002 "### Controlling Retry Behavior in Steps": `from inngest.errors import ...`."""

import importlib

import inngest
import pytest

from mistakes.errors_module.main import build_with_seed_import


def test_seed_import_raises_module_not_found():
    with pytest.raises(ModuleNotFoundError, match="No module named 'inngest.errors'"):
        build_with_seed_import()


def test_error_classes_are_exported_at_the_top_level():
    from inngest import NonRetriableError, RetryAfterError, StepError  # the right form

    internal = importlib.import_module("inngest._internal.errors")
    assert NonRetriableError is inngest.NonRetriableError is internal.NonRetriableError
    assert RetryAfterError is inngest.RetryAfterError is internal.RetryAfterError
    assert StepError is inngest.StepError is internal.StepError
    assert not hasattr(inngest, "errors")
