# mobi: `make run` sets everything up and serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MOBI := $(BIN)/mobi
export MOBI_HOME ?= var
export MOBI_TEST_POSTGRES ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test
MODEL := $(MOBI_HOME)/models/nlu.model
DEMO := $(MOBI_HOME)/agreement.db
PIP := $(BIN)/pip install --quiet --disable-pip-version-check

.PHONY: run install demo model test test-deps bench clean help
.DEFAULT_GOAL := help

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run: install demo model  ## Create the venv, build demo data, train NLU, serve the web chat
	$(MOBI) serve

install: $(VENV)/.installed  ## Create .venv and install mobi into it

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -e .
	touch $@

demo: $(DEMO)  ## Build the demo databases (15,000 employees) if missing
$(DEMO): | $(VENV)/.installed
	$(MOBI) demo build

model: $(MODEL)  ## Train the NLU model if missing or the training data changed
$(MODEL): $(wildcard nlu/data/*.yml) | $(VENV)/.installed
	$(MOBI) nlu train --out $(MODEL)

test-deps: $(VENV)/.installed-test
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) -e '.[test]'
	touch $@

test: test-deps  ## Install test extras and run the whole suite (SQLite and PostgreSQL)
	$(BIN)/python -m pytest

bench: install  ## Run the benchmarks in benchmarks/ and print their tables
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:  ## Remove the venv and the demo data
	rm -rf $(VENV) $(MOBI_HOME)
