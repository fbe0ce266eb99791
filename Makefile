# The two entry points the README gives:
#   make validate   install everything, then run every example against the real Inngest server
#   make test       install everything, then run the whole test suite (what CI runs)
# Both are idempotent: a second run reuses the virtualenv and the cached server binary.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEPS_STAMP := $(VENV)/.deps-installed
# Test workers: each runs its own Inngest dev server. Most test time is waiting on purpose.
WORKERS ?= 4

.PHONY: setup deps server validate test clean

setup: deps server

deps: $(DEPS_STAMP)

$(DEPS_STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(DEPS_STAMP)

# Builds the pinned Inngest server from its Go module, or reuses the cached binary.
server:
	$(PYTHON) scripts/inngest_server.py build

validate: setup
	$(BIN)/python -m harness.validate --workers $(WORKERS)

test: setup
	$(BIN)/python -m pytest -n $(WORKERS)

clean:
	rm -rf $(VENV) site reports .pytest_cache .ruff_cache
