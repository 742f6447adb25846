# sitrep — the two commands a newcomer runs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db
SHARED ?= ../shared

.PHONY: run test venv demo serve bench eval lock browser clean

run: demo serve  ## set up, ingest the demo corpus, serve the map on http://127.0.0.1:8000/

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

demo: venv
	$(BIN)/sitrep ingest demo/ --db $(DEMO_DB); test $$? -le 1
	$(BIN)/sitrep export --db $(DEMO_DB) --format csv --output demo-events.csv

serve: venv
	$(BIN)/sitrep serve --db $(DEMO_DB)

test: venv browser  ## set up and run the test suite
	$(BIN)/python -m pytest -q

browser:  ## headless Chromium for the browser tests (Debian package; Playwright's own download is not used)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

bench: venv  ## throughput, memory and latency benchmarks (slow)
	$(BIN)/python -m bench.run

eval: venv  ## quality on the development gold sets and evaluation corpora (needs ../shared)
	$(BIN)/python -m bench.eval --shared $(SHARED)

lock:  ## re-pin every dependency after changing pyproject.toml
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^sitrep' > requirements.lock

clean:
	rm -rf $(VENV) *.egg-info $(DEMO_DB) demo-events.csv
