# One command each: `make book` builds the site, `make test` runs every check.
# Both start from nothing: they create .venv, install the pinned requirements,
# fetch and verify the raw data, and build the processed tables first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# A folder laid out like data/raw; when it is missing, inputs are downloaded.
MIRROR ?= ../shared/data/raw
JB_FLAGS := -W -n --keep-going

PACKAGE := $(wildcard dprk_upr/*.py)
CODING  := $(wildcard data/coding/* data/reference/* data/states/* data/reviewers/* data/models/*)

.PHONY: help install data processed cache-check book book-clean chromium test test-unit bench lab clean

help:
	@echo "make book   build the site in _build/html (installs and fetches what it needs)"
	@echo "make test   run the test suite and a strict build from an empty cache"
	@echo "make bench  time a clean build, a cached rebuild and each chapter"
	@echo "make lab    open JupyterLab on the chapters"
	@echo "make clean  remove everything generated (keeps .venv)"

$(BIN)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(BIN)/.installed

data/raw/.verified: data/sources.csv $(BIN)/.installed
	$(BIN)/python -m dprk_upr fetch --mirror "$(MIRROR)"
	touch $@

# Always re-verifies (a second run only checks the checksums), so a deleted or
# damaged raw file is restored by `make data`.
data: $(BIN)/.installed
	$(BIN)/python -m dprk_upr fetch --mirror "$(MIRROR)"
	touch data/raw/.verified

data/processed/.built: data/raw/.verified $(PACKAGE) $(CODING)
	$(BIN)/python -m dprk_upr build
	touch $@

processed: data/processed/.built

# Executed chapters are cached by notebook content only; when the processed data, the
# package or the coding files change, the cache (and Sphinx's parsed pages) are dropped
# so that no chapter shows results computed from older data or code.
cache-check: processed
	@mkdir -p _build
	@cat data/processed/*.csv dprk_upr/*.py $(CODING) | sha256sum > _build/.processed.new
	@if ! cmp -s _build/.processed.new _build/.processed.sha; then \
	  echo "data or package changed: clearing the execution cache"; rm -rf _build/.jupyter_cache _build/.doctrees; fi
	@mv _build/.processed.new _build/.processed.sha

book: cache-check
	$(BIN)/jupyter-book build . $(JB_FLAGS)
	@echo "Open _build/html/index.html in a browser."

# CI trusts no cache: the build starts from an empty _build.
book-clean: processed
	rm -rf _build
	$(BIN)/jupyter-book build . $(JB_FLAGS)

test-unit: processed
	$(BIN)/python -m pytest -q -m "not build"

# The browser test drives Debian's Chromium (never a downloaded browser).
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

test: processed chromium
	$(BIN)/python -m pytest -q -m "not build"
	$(MAKE) book-clean
	DPRK_UPR_BOOK_BUILT=1 $(BIN)/python -m pytest -q -m build

bench: processed
	$(BIN)/python scripts/bench.py

lab: processed
	$(BIN)/python -m pip install --quiet jupyterlab==4.5.0
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf _build data/raw data/processed .pytest_cache
