# make test: create .venv if needed, install, lint, run the whole test suite.
# make run:  the main job (the bot with DISCORD_TOKEN set; otherwise a local session on seeds/).
# make bench: speed and scale against rank_bm25, bm25s and tantivy (README: Speed and scale).
#             BENCH_ARGS="--sentences 100000" for a quick point; default 10k, 100k and 1M.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The benchmark's own venv (git-ignored under .cache/): bm25s, tantivy, numba and scipy stay
# out of the project's .venv, where scipy alone would add a second to every start (nltk imports it).
BENCH_VENV := .cache/venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed
LINTED := $(wildcard retrieval bot tests benchmarks)
BENCH_ARGS ?= --sentences 10000 100000 1000000

.PHONY: test run lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

$(BENCH_STAMP): pyproject.toml
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -e ".[bench]"
	touch $(BENCH_STAMP)

test: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)

bench: $(STAMP) $(BENCH_STAMP)
	$(BENCH_VENV)/bin/python benchmarks/scale.py --cli-python $(BIN)/python $(BENCH_ARGS)

# CONFIG=path/to/config.toml picks a config file (default: ./config.toml if present).
run: $(STAMP)
	@if [ -n "$$DISCORD_TOKEN" ]; then \
		exec $(BIN)/python -m bot $(if $(CONFIG),--config $(CONFIG)); \
	else \
		echo "DISCORD_TOKEN is not set, so this is a local session: the same answers as the bot, in this terminal." >&2; \
		echo "To run the bot: create an application and its bot user at https://discord.com/developers/applications," >&2; \
		echo "copy the bot's token, then: export DISCORD_TOKEN=... && make run   (README.md: 'The Discord bot')." >&2; \
		exec $(BIN)/python -m bot.local $(if $(CONFIG),--config $(CONFIG)); \
	fi

clean:
	rm -rf $(VENV) $(BENCH_VENV) .pytest_cache
