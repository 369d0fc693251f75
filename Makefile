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

LINTED := $(wildcard retrieval bot tests benchmarks)

test: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)

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
	rm -rf $(VENV) .pytest_cache
