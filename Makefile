# Sleuth: the two commands are `make demo` (set up + run the main job) and `make test` (set up + run the tests).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SLEUTH := $(BIN)/sleuth
DEMO_Q ?= Who is the chief executive of Halden Systems?
# Three documents apart: the novel's review names its author, her profile her startup, the press release its buyer.
DEMO_MULTIHOP ?= Which company acquired the startup founded by the author of The Quiet Ledger, and when?
# A question the corpus cannot answer: the agent must abstain and say why.
DEMO_UNANSWERABLE ?= Which company built the Vellmar Tunnel?

.PHONY: demo test install install-dev system-deps lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Runtime install: no torch (the embedders and the re-ranker run on numpy / onnxruntime).
install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-dev: $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'

# Debian packages the tests drive for real: Redis server, headless Chromium.
system-deps:
	@command -v redis-server >/dev/null && command -v chromium >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server chromium >/dev/null; }

demo: install
	$(SLEUTH) ingest samples --collection demo
	$(SLEUTH) search "$(DEMO_Q)" --collection demo -k 5
	$(SLEUTH) ask "$(DEMO_Q)" --collection demo
	$(SLEUTH) ask "$(DEMO_MULTIHOP)" --collection demo
	$(SLEUTH) ask "$(DEMO_UNANSWERABLE)" --collection demo

test: install-dev system-deps
	$(BIN)/ruff check .
	bash scripts/pytest.sh

lint: install-dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

clean:
	rm -rf .sleuth .pytest_cache .ruff_cache .mypy_cache
