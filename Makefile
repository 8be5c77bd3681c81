# One command each: `make book` builds the site, `make test` runs every check.
# Both start from nothing: they create .venv, install the pinned requirements,
# fetch and verify the raw data, and build the processed tables first.
# `make help` lists every target with the line after its name's `##`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# A folder laid out like data/raw; when it is missing, inputs are downloaded.
MIRROR ?= ../shared/data/raw
JB_FLAGS := -W -n --keep-going

# Everything the processed data depend on, and everything an executed page reads besides them.
PACKAGE  := $(shell find dprk_upr -name '*.py' -not -path '*/__pycache__/*')
CODING   := $(shell find data/coding data/reference data/states data/reviewers data/models -type f)
PAGE_INPUTS := requirements.txt CITATION.cff data/sources.csv $(wildcard book/_static/*)

.PHONY: help install data processed cache-check book book-clean chromium axe test test-unit lint parser-check bench lab clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(BIN)/.installed ## create .venv with the pinned requirements

data/raw/.verified: data/sources.csv $(BIN)/.installed
	$(BIN)/python -m dprk_upr fetch --mirror "$(MIRROR)"
	touch $@

# Always re-verifies (a second run only checks the checksums), so a deleted or
# damaged raw file is restored by `make data`.
data: $(BIN)/.installed ## fetch the raw inputs (mirror or download) and verify every checksum
	$(BIN)/python -m dprk_upr fetch --mirror "$(MIRROR)"
	touch data/raw/.verified

data/processed/.built: data/raw/.verified $(PACKAGE) $(CODING)
	$(BIN)/python -m dprk_upr build
	touch $@

# Rebuilt when a source changed, and also when the tables no longer match their checksums
# (edited or deleted by hand): `make processed` always ends with verified tables.
processed: data/processed/.built ## build data/processed from data/raw
	@$(BIN)/python -m dprk_upr check --processed-only >/dev/null 2>&1 || \
	  (echo "data/processed does not match its checksums: building it again"; $(BIN)/python -m dprk_upr build)

# Executed chapters are cached by notebook content only; when anything else an executed page
# reads changes (processed data, package, coding files, requirements, citation, manifest), the
# cache and Sphinx's parsed pages are dropped so that no page shows results of older inputs.
cache-check: processed
	@mkdir -p _build
	@cat data/processed/*.csv $(PACKAGE) $(CODING) $(PAGE_INPUTS) | sha256sum > _build/.processed.new
	@if ! cmp -s _build/.processed.new _build/.processed.sha; then \
	  echo "data, package or page inputs changed: clearing the execution cache"; rm -rf _build/.jupyter_cache _build/.doctrees; fi
	@mv _build/.processed.new _build/.processed.sha

# A failed build keeps the last good site and prints the failing chapter, cell and exception
# (scripts/build_book.py, which runs jupyter-book build $(JB_FLAGS)).
book: cache-check ## build the site in _build/html (installs and fetches what it needs)
	$(BIN)/python scripts/build_book.py
	@echo "Open _build/html/index.html in a browser."

# CI trusts no cache: the build starts from an empty _build.
book-clean: processed ## build the site from an empty cache, as CI does
	$(BIN)/python scripts/build_book.py --clean

lint: $(BIN)/.installed ## ruff (lint and format check) and the import layers contract
	$(BIN)/ruff check dprk_upr tests scripts
	$(BIN)/ruff format --check dprk_upr tests scripts
	$(BIN)/lint-imports

parser-check: $(BIN)/.installed ## the report parser on its development set (../shared/data/raw/parser-dev)
	$(BIN)/python scripts/parser_check.py

test-unit: processed ## the unit tests only
	$(BIN)/python -m pytest -q -m "not build"

# The browser test drives Debian's Chromium (never a downloaded browser) and injects axe-core
# (from the npm registry, pinned) into every page for the accessibility check.
AXE_VERSION := 4.14.1
AXE := .tools/node_modules/axe-core/axe.min.js

chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

$(AXE):
	npm install --silent --no-audit --no-fund --no-save --prefix .tools axe-core@$(AXE_VERSION)

axe: $(AXE)

test: processed chromium axe lint ## lint, unit tests, a strict build from an empty cache, site checks
	$(BIN)/python -m pytest -q -m "not build"
	$(MAKE) book-clean
	DPRK_UPR_BOOK_BUILT=1 $(BIN)/python -m pytest -q -m build

bench: processed ## time a clean build, a cached rebuild and each chapter
	$(BIN)/python scripts/bench.py

lab: processed ## open JupyterLab on the chapters
	$(BIN)/python -m pip install --quiet jupyterlab==4.5.0
	$(BIN)/jupyter lab notebooks/

clean: ## remove everything generated (keeps .venv)
	rm -rf _build data/raw data/processed .pytest_cache
