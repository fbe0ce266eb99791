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
# Workers for the production-stack sessions: each starts its own Redis, PostgreSQL and inngest start.
STACK_WORKERS ?= 2
# worksteal: an idle worker takes half of a busy worker's queue, so long tests do not end up last on one.
DIST ?= worksteal

# apt-get needs root; elsewhere sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup deps server browser npm-tools stack validate test test-production-stack site showcase provenance release mutation eval-selftest clean

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

# The npm tools the distribution tests drive (tests/install/test_distribution.py): the Claude Code
# CLI (`claude plugin validate --strict`, marketplace install), the `skills` CLI (`npx skills add`)
# and Node.js 22 from the npm package `node`, which `skills` needs (Debian's Node.js is 20).
# Pinned, installed with npm into a cache folder outside the repository (about 30 s cold, 600 MB);
# nothing is logged in. Reinstalled only when the pins change.
NPM_TOOLS ?= $${INNGEST_WORKFLOW_CACHE:-$${XDG_CACHE_HOME:-$$HOME/.cache}/inngest-workflow}/npm-tools
NPM_TOOL_PACKAGES := @anthropic-ai/claude-code@2.1.332 skills@1.7.4 node@22.23.3
npm-tools:
	@dir="$(NPM_TOOLS)"; if [ "$$(cat "$$dir/.installed" 2>/dev/null)" != "$(NPM_TOOL_PACKAGES)" ]; then \
		mkdir -p "$$dir" && npm install --prefix "$$dir" --no-audit --no-fund --loglevel=error $(NPM_TOOL_PACKAGES) && \
		echo "$(NPM_TOOL_PACKAGES)" > "$$dir/.installed"; fi

# Debian's redis-server and PostgreSQL for the production-stack tests (tests/production, marker
# `production_stack`, and the examples' second leg): started by inngest_kit.stack as plain processes.
# Installed with apt-get only when missing; PostgreSQL's binaries live in /usr/lib/postgresql/<v>/bin.
stack:
	@command -v redis-server >/dev/null 2>&1 && \
		{ command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || \
		{ $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
			-o DPkg::Lock::Timeout=600 redis-server postgresql; }

validate: setup
	$(BIN)/python -m checks.validate --workers $(WORKERS)

# The site tests run second: the site's report page shows reports/validation.json,
# which the first session writes when it ends.
test: setup browser npm-tools stack
	$(BIN)/python -m pytest -n $(WORKERS) --dist $(DIST) -m "not site and not production_stack"
	$(MAKE) --no-print-directory test-production-stack
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest -m site

# Self-hosting on a real stack (redis-server + PostgreSQL + inngest start, inngest_kit.stack):
# what it survives (tests/production; loadscope keeps a module on one worker, which then sets up
# each of its stacks once), then the second leg: the examples' tests again, on the stack, in cloud mode
# (signed requests, event keys); tests marked dev_only are deselected there. Each worker runs a
# whole stack, so fewer workers.
test-production-stack: setup stack
	$(BIN)/python -m pytest -n $(STACK_WORKERS) --dist loadscope -m "production_stack and not site"
	$(BIN)/python -m pytest -n $(STACK_WORKERS) --dist $(DIST) --inngest-env=production-stack \
		-m "not site and not production_stack" tests/examples tests/mistakes

# The agent evals without an agent: every grader on its reference (3 runs) and traps,
# and the eval runner end to end with a scripted agent, against one dev server (evals/README.md).
eval-selftest: setup
	$(BIN)/python -m evals.catalog
	$(BIN)/python -m pytest -q -p no:cacheprovider evals/tests
	$(BIN)/python -m evals.selftest --json reports/evals-selftest.json

# Optional, not part of the suite: the records' seed headings and the linter's findings on the
# seed documents, which live outside the repository: make provenance SEEDS=/path/to/seeds.
provenance: deps
	@test -n "$(SEEDS)" || { echo 'make provenance needs SEEDS=/path/to/the/seed/documents'; exit 2; }
	INNGEST_WORKFLOW_SEEDS="$(SEEDS)" $(BIN)/python -m pytest --provenance -p no:cacheprovider tests/test_example_records.py tests/lint

# The docs site, into site/ (generated from SKILL.md, references/, examples/, mistakes/, reports/).
site: deps
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# Every example served and synced with a dev server, until Ctrl-C.
showcase: setup
	$(BIN)/python -m checks.showcase

# Mutation testing: plants each bug of checks/mutants.toml in its example and runs that example's
# tests against the real server; reports/mutation.json. Slow (about 50 min on 2 shared cores, measured), so not in CI.
# One mutant: make mutation MUTANTS='rate_limit.*'
MUTANTS ?=
mutation: setup
	$(BIN)/python -m checks.mutation $(if $(MUTANTS),--only $(foreach m,$(MUTANTS),'$(m)'))

# Versioned archives of the skill and of the plugin folder, into dist/ (checks/release.py).
release: deps
	$(BIN)/python -m checks.release

clean:
	rm -rf $(VENV) site reports dist .pytest_cache .ruff_cache
