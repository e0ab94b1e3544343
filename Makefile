# hapuswatch — the README's commands. Everything runs from the project's own .venv.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DATA_DIR ?= $(or $(HAPUSWATCH_DATA_DIR),$(CURDIR)/data)
DAGSTER_PORT ?= 3000
DASHBOARD_PORT ?= 8501
HOST ?= localhost
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run test install install-dev pipeline serve dev dashboard bench lint clean

# Marker files make the install incremental: re-run only when pyproject.toml changes.
$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(BIN)/.installed-dev: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(BIN)/.installed

install: $(BIN)/.installed
install-dev: $(BIN)/.installed-dev

## run: install, materialise the whole pipeline on the demo data, then serve Dagster and the dashboard
run: install pipeline serve

pipeline: install
	HAPUSWATCH_DATA_DIR=$(DATA_DIR) $(BIN)/hapuswatch run

serve: install
	@mkdir -p $(DATA_DIR)/dagster_home
	@echo "Dagster UI:  http://$(HOST):$(DAGSTER_PORT)"
	@echo "Dashboard:   http://$(HOST):$(DASHBOARD_PORT)"
	@echo "(Ctrl-C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	  HAPUSWATCH_DATA_DIR=$(DATA_DIR) DAGSTER_HOME=$(DATA_DIR)/dagster_home \
	    $(BIN)/dagster dev -m orchestration.definitions -h $(HOST) -p $(DAGSTER_PORT) & \
	  HAPUSWATCH_DATA_DIR=$(DATA_DIR) $(BIN)/hapuswatch dashboard --address $(HOST) --port $(DASHBOARD_PORT) & \
	  wait

## test: install with dev extras and run the whole suite
test: install-dev
	$(BIN)/python -m pytest -n 2 --dist loadgroup

dev: install
	HAPUSWATCH_DATA_DIR=$(DATA_DIR) DAGSTER_HOME=$(DATA_DIR)/dagster_home $(BIN)/dagster dev -m orchestration.definitions

dashboard: install
	HAPUSWATCH_DATA_DIR=$(DATA_DIR) $(BIN)/hapuswatch dashboard

bench: install-dev
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

lint: install-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) dbt_project/target dbt_project/logs .pytest_cache
