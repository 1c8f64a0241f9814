# Tollgate: `make run` serves on embedded defaults, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
STAMP_BASE := $(VENV)/.installed-base
STAMP_DEV := $(VENV)/.installed-dev
export MLFLOW_DISABLE_TELEMETRY := true
export DO_NOT_TRACK := 1

.PHONY: install install-dev run test lint typecheck models bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP_BASE): $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install --quiet -c constraints.txt -e .
	touch $@

$(STAMP_DEV): $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install --quiet -c constraints.txt -e ".[dev]"
	touch $@ $(STAMP_BASE)

## install: create .venv and install Tollgate with pinned dependencies
install: $(STAMP_BASE)

install-dev: $(STAMP_DEV)

## run: migrate the embedded SQLite database, create a first admin key, serve on 127.0.0.1:8000
run: install
	$(BIN)/tollgate bootstrap
	$(BIN)/tollgate serve

## test: the whole suite, SQLite and PostgreSQL
test: install-dev
	$(BIN)/python -m pytest -q

lint: install-dev
	$(BIN)/ruff check service training tests bench

typecheck: install-dev
	$(BIN)/mypy

## models: rebuild every bundled model in models/ from the repo's own data
models: install-dev
	$(BIN)/python -m training.build_all

## bench: benchmarks that print figures and ratios (not tests)
bench: install-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
