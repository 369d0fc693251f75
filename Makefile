# make test: create .venv if needed, install with the [dev] extra, lint, run the whole test suite.
# make run:  the main job: the bot with DISCORD_TOKEN set, otherwise a local session in this
#            terminal; on seeds/, or DOCS=path/to/docs. Installs the runtime dependencies only.
# make bench: speed and scale against rank_bm25, bm25s and tantivy (docs/speed.md).
#             BENCH_ARGS="--sentences 100000" for a quick point; default 10k, 100k and 1M.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# make run needs the runtime dependencies only; make test adds the [dev] extra (ruff, pytest,
# hypothesis, simcord). One stamp each, so a changed pyproject.toml reinstalls both.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
# The benchmark's own venv (git-ignored under .cache/): bm25s, tantivy, numba and scipy stay
# out of the project's .venv, where scipy alone would add a second to every start (nltk imports it).
BENCH_VENV := .cache/venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed
LINTED := $(wildcard retrieval bot tests benchmarks)
BENCH_ARGS ?= --sentences 10000 100000 1000000

.PHONY: test run lint bench clean

$(RUN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(DEV_STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(DEV_STAMP)

$(BENCH_STAMP): pyproject.toml
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -e ".[bench]"
	touch $(BENCH_STAMP)

test: $(DEV_STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check $(LINTED)

bench: $(RUN_STAMP) $(BENCH_STAMP)
	$(BENCH_VENV)/bin/python benchmarks/scale.py --cli-python $(BIN)/python $(BENCH_ARGS)

# DOCS=path/to/docs answers from that folder; CONFIG=path/to/config.toml picks a config file
# (default: ./config.toml if present).
RUN_ARGS = $(if $(CONFIG),--config "$(CONFIG)") $(if $(DOCS),--docs "$(DOCS)")
run: $(RUN_STAMP)
	@if [ -n "$$DISCORD_TOKEN" ]; then \
		exec $(BIN)/python -m bot $(RUN_ARGS); \
	else \
		echo "DISCORD_TOKEN is not set, so this is a local session: the same answers as the bot, in this terminal." >&2; \
		echo "To run the bot: create an application and its bot user at https://discord.com/developers/applications," >&2; \
		echo "copy the bot's token, then: export DISCORD_TOKEN=... && make run   (README.md: 'Put it on Discord')." >&2; \
		exec $(BIN)/python -m bot.local $(RUN_ARGS); \
	fi

clean:
	rm -rf $(VENV) $(BENCH_VENV) .pytest_cache
