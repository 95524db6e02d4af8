# The two commands: `make demo` and `make test`. Each sets itself up from nothing (Python 3.11 only).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup bench dev clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/perfloop demo

test: setup
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python -m benchmarks.connectors --employees 300
	$(BIN)/python -m benchmarks.connectors --employees 10000
	$(BIN)/python -m benchmarks.transform --employees 300
	$(BIN)/python -m benchmarks.transform --employees 10000
	$(BIN)/python -m benchmarks.packs --employees 10000
	$(BIN)/python -m benchmarks.diagnostics --employees 300
	$(BIN)/python -m benchmarks.diagnostics --employees 10000

# The Dagster UI over the same instance the demo writes to.
dev: setup
	DAGSTER_HOME=$(CURDIR)/.perfloop/dagster $(BIN)/dagster dev -w workspace.yaml

clean:
	rm -rf .perfloop
