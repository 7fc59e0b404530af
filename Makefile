# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test install install-test lint bench clean models

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(TEST_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP) $@

install: $(STAMP)
install-test: $(TEST_STAMP)

## demo: extract, classify, compare and summarise the bundled corpus into out/
demo: $(STAMP)
	$(BIN)/ofsted-mine demo corpus/ --out out/

## test: install with test extras and run the whole suite
test: $(TEST_STAMP)
	$(BIN)/python -m pytest -q

lint: $(TEST_STAMP)
	$(BIN)/ruff check ofsted_mine tests bench

## bench: every benchmark; bench/ingest.py renders its PDFs with reportlab, a [test] extra
bench: $(TEST_STAMP)
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

models: $(STAMP)
	$(BIN)/ofsted-mine train

clean:
	rm -rf $(VENV) out build *.egg-info
