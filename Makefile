# Two entry points (see README): `make run` and `make test`. Everything else is setup.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The suite runs its files in two processes (pytest-xdist; a file stays in one, with its
# browser and LRS): most tests wait on Chromium, Ralph or a server. TEST_WORKERS=0 runs one.
TEST_WORKERS ?= 2

.PHONY: run test setup setup-test lint mutation mutation-js

run: setup
	$(BIN)/coprod validate content
	$(BIN)/coprod build --target all
	$(BIN)/coprod serve --host $(HOST) --port $(PORT)

test: setup-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# Mutation score (TESTING.md): slow, one worker, not part of `make test`. Starts afresh;
# prints the summary, lists what survived (mutants/survivors.txt), then reruns each survivor
# against every test in the files that cover it (mutants/recheck.txt).
mutation: setup-test
	rm -rf mutants
	COPROD_HYPOTHESIS_PROFILE=mutation $(BIN)/mutmut run --max-children 1
	$(BIN)/mutmut export-cicd-stats
	cat mutants/mutmut-cicd-stats.json
	$(BIN)/mutmut results > mutants/survivors.txt
	cat mutants/survivors.txt
	$(BIN)/python -m tests.mutation_recheck | tee mutants/recheck.txt

# The player's JavaScript: each decision point mutated by hand against the browser test that
# pins it (tests/mutate_js.py). Rewrites files under src/ while it runs: a clean tree only.
mutation-js: setup-test
	$(BIN)/python -m tests.mutate_js

setup: $(VENV)/.run-installed

setup-test: $(VENV)/.test-installed .venv-lrs/.installed node_modules/.installed \
	/usr/bin/chromium /usr/sbin/nginx

# Ralph, the LRS the xAPI/cmi5 tests use, pins older web libraries than ours: own environment.
.venv-lrs/.installed: requirements-lrs.lock
	$(PYTHON) -m venv .venv-lrs
	.venv-lrs/bin/pip install -q --disable-pip-version-check -r requirements-lrs.lock
	touch $@

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-installed: $(VENV)/bin/python requirements.lock pyproject.toml
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.run-installed requirements-test.lock
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-test.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium drives the player tests; nginx serves the static API export in its test.
/usr/bin/chromium /usr/sbin/nginx &:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nginx
