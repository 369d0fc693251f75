# make test: create .venv if needed, install with the [dev] extra, lint, run the whole test suite.
# make run:  the main job: the bot with DISCORD_TOKEN set, otherwise a local session in this
#            terminal; on seeds/, or DOCS=path/to/docs. Installs the runtime dependencies only.
# make bench: speed and scale against rank_bm25, bm25s and tantivy (docs/speed.md).
#             BENCH_ARGS="--sentences 100000" for a quick point; default 10k, 100k and 1M.
# make fuzz: the property tests (hypothesis) FUZZ_RUNS times on new random examples; make test
#            draws the same ones every run.
# make model: distil retrieval/model/ again in a throwaway venv (make model-check: compare only).
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
# `make model`: the throwaway venv that distils retrieval/model/ (torch, model2vec; never .venv).
DISTILL_VENV := .cache/venv-distill
DISTILL_STAMP := $(DISTILL_VENV)/.installed
DISTILL := HF_HUB_OFFLINE=1 $(DISTILL_VENV)/bin/python scripts/distill.py
# Extra pip arguments for torch alone, e.g. an index of CPU-only wheels where pip would pick CUDA.
TORCH_PIP_ARGS ?=
LINTED := $(wildcard retrieval bot tests benchmarks scripts)
BENCH_ARGS ?= --sentences 10000 100000 1000000

.PHONY: test fuzz run lint bench clean model model-check semantic-options

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

$(DISTILL_STAMP): scripts/distill-requirements.txt
	test -x $(DISTILL_VENV)/bin/python || $(PYTHON) -m venv $(DISTILL_VENV)
	$(DISTILL_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DISTILL_VENV)/bin/python -m pip install --quiet torch==2.13.0 $(TORCH_PIP_ARGS)
	$(DISTILL_VENV)/bin/python -m pip install --quiet -r scripts/distill-requirements.txt
	touch $(DISTILL_STAMP)

test: $(DEV_STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/python -m pytest

FUZZ_RUNS ?= 20
fuzz: $(DEV_STAMP)
	for run in $$(seq $(FUZZ_RUNS)); do \
		HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest -x $$(grep -rl --include='test_*.py' '^from hypothesis' tests) || exit 1; \
	done

lint: $(DEV_STAMP)
	$(BIN)/ruff check $(LINTED)

bench: $(RUN_STAMP) $(BENCH_STAMP)
	$(BENCH_VENV)/bin/python benchmarks/scale.py --cli-python $(BIN)/python $(BENCH_ARGS)

# The shipped embedding model (retrieval/model/README.md): distil it again, or check the
# committed files are what a fresh distillation gives, byte for byte.
model: $(DISTILL_STAMP)
	$(DISTILL)

model-check: $(DISTILL_STAMP)
	$(DISTILL) --check

# The options compared in docs/semantic.md, then their accuracy on docs-dev and SQuAD.
SEMANTIC_OPTIONS := .cache/semantic-options
semantic-options: $(RUN_STAMP) $(DISTILL_STAMP)
	for dims in none 256 128 64; do for dtype in float32 float16 int8; do \
		test -f $(SEMANTIC_OPTIONS)/pca$$dims-$$dtype/SHA256SUMS || \
		$(DISTILL) --pca-dims $$dims --dtype $$dtype --out $(SEMANTIC_OPTIONS)/pca$$dims-$$dtype || exit 1; \
	done; done
	$(BIN)/python benchmarks/semantic_options.py --options $(SEMANTIC_OPTIONS)
	$(BIN)/python benchmarks/semantic_squad.py --options $(SEMANTIC_OPTIONS)

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
	rm -rf $(VENV) $(BENCH_VENV) $(DISTILL_VENV) .pytest_cache
