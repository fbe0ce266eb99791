# The two entry points the README gives:
#   make validate   install everything, then run every example against the real Inngest server
#   make test       install everything, then run the whole test suite (what CI runs)
# Both are idempotent: a second run reuses the virtualenv and the cached server binary.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEPS_STAMP := $(VENV)/.deps-installed
# Test workers: each runs its own Inngest dev server. Most test time is waiting on purpose,
# so there are more workers than cores. On 2 cores 6 workers finish ~25% sooner but saturate
# the CPU, and the timing-sensitive tests (crash restarts, queue order) then fail now and then;
# 8 also lose pre-picked server ports. Measured: checks/benchmark.py --run-suite, reports/benchmark.md.
WORKERS ?= 4
# worksteal: an idle worker takes half of a busy worker's queue, so long tests do not end up last on one.
DIST ?= worksteal

# apt-get needs root; elsewhere sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup deps server browser validate test site showcase provenance eval-selftest clean

setup: deps server

deps: $(DEPS_STAMP)

$(DEPS_STAMP): pyproject.toml requirements.lock kit/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]' -e ./kit
	touch $(DEPS_STAMP)

# Builds the pinned Inngest server from its Go module, or reuses the cached binary.
server:
	$(PYTHON) kit/src/inngest_kit/server.py build

# Debian's Chromium for the browser test of the docs site (tests/site, marker `site`).
# Installed with apt-get only when missing; no tool downloads a browser of its own.
browser:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

validate: setup
	$(BIN)/python -m checks.validate --workers $(WORKERS)

# The site tests run second: the site's report page shows reports/validation.json,
# which the first session writes when it ends.
test: setup browser
	$(BIN)/python -m pytest -n $(WORKERS) --dist $(DIST) -m "not site"
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest -m site

# The agent evals without an agent: every grader on its reference (3 runs) and traps,
# and the eval runner end to end with a scripted agent, against one dev server (evals/README.md).
eval-selftest: setup
	$(BIN)/python -m evals.catalog
	$(BIN)/python -m pytest -q -p no:cacheprovider evals/tests
	$(BIN)/python -m evals.selftest --json reports/evals-selftest.json

# Optional, not part of the suite: the records' seed headings and the linter's findings on the
# seed documents, which live outside the repository (INNGEST_WORKFLOW_SEEDS, default ../shared/seeds).
provenance: deps
	$(BIN)/python -m pytest --provenance -p no:cacheprovider tests/test_example_records.py tests/lint

# The docs site, into site/ (generated from SKILL.md, references/, examples/, mistakes/, reports/).
site: deps
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# Every example served and synced with a dev server, until Ctrl-C.
showcase: setup
	$(BIN)/python -m checks.showcase

clean:
	rm -rf $(VENV) site reports .pytest_cache .ruff_cache
