# make test: create .venv if needed, install, lint, run the whole test suite.
# make run:  the main job (the bot with DISCORD_TOKEN set; otherwise a local session on seeds/).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test run lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/ruff check retrieval bot tests benchmarks
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check retrieval bot tests benchmarks

run: $(STAMP)
	$(BIN)/python -m retrieval ask "How many aid trucks have entered Gaza?"

clean:
	rm -rf $(VENV) .pytest_cache
