# Two commands on a fresh machine: `make run`, then `make test`. Each creates .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SHARED ?= ../shared

.PHONY: run test lint model fuzz bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev,pdf]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/fupin summary corpora/bundled

test: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks

model: $(STAMP)
	$(BIN)/python scripts/train_model.py --shared $(SHARED)

fuzz: $(STAMP)
	FUPIN_FUZZ_EXAMPLES=5000 $(BIN)/python -m pytest tests -k "fuzz or property" -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache .hypothesis
