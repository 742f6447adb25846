# sitrep — the two commands a newcomer runs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db
SHARED ?= ../shared

.PHONY: run test venv demo serve bench bench-postgres eval lock system browser java clean assets train postgres postgres-stop \
	soak soak-fuzz soak-kill soak-server soak-spark

run: demo serve  ## set up, ingest the demo corpus, serve the map on http://127.0.0.1:8000/

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/sitrep geocode --build-index  # gazetteer index into the user cache (~30 s, once)
	touch $@

demo: venv  ## ingest the fictional demo corpus into demo.db and export demo-events.csv (every article must ingest)
	$(BIN)/sitrep ingest demo/articles --db $(DEMO_DB)
	$(BIN)/sitrep export --db $(DEMO_DB) --format csv --output demo-events.csv

serve: venv
	$(BIN)/sitrep serve --db $(DEMO_DB)

test: venv system postgres  ## set up and run the test suite (PostgreSQL and Spark tests included, real servers)
	$(BIN)/python -m pytest -q

postgres:  ## a throwaway PostgreSQL server on 127.0.0.1:55432 (Debian package, installed if missing); prints its URL
	scripts/pg.sh start

postgres-stop:  ## stop that server and delete its temporary data directory
	scripts/pg.sh stop

system:  ## the Debian packages the tests need (Chromium, Java 17, PostgreSQL), only those missing, in one apt-get run
	@scripts/system-packages.sh chromium java postgresql

browser:  ## headless Chromium for the browser tests (Debian package; Playwright's own download is not used)
	@scripts/system-packages.sh chromium

java:  ## Java 17 for Spark (`sitrep spark ingest`, the spark tests): Debian's openjdk-17-jre-headless, if missing
	@scripts/system-packages.sh java

train: venv  ## rebuild the event-gate model (sitrep/data/gate) from train/corpus: CPU, fixed seed, about a minute
	$(BIN)/python train/build_gate.py

bench: venv  ## throughput, memory and latency benchmarks (slow); report also saved to .eval/bench.txt
	$(BIN)/python -m bench.run

bench-postgres: venv postgres  ## issue #13's PostgreSQL figures: ingest docs/s on SQLite and PostgreSQL (warm and the command), /api/events p95 at 50k events on each
	$(BIN)/python -m bench.bench_store --notes 600 --rounds 2
	$(BIN)/python -m bench.bench_web --events 50000 --loads 0

soak: soak-fuzz soak-kill soak-server soak-spark  ## reliability soaks (slow, ~45-75 min on 2 shared cores): fuzzing, kill -9 soak, server load

soak-fuzz: venv  ## 10,000 fuzzed inputs over every reader and batch, full-size hostile inputs (a 10 M-character article through the whole pipeline), every regex attack (~15 min)
	SITREP_FUZZ_EXAMPLES=2400 SITREP_FUZZ_BATCHES=350 SITREP_FUZZ_CLI=25 SITREP_FUZZ_SCALE=5 SITREP_REGEX_FULL=1 \
	  SITREP_LONG_CHARS=10000000 $(BIN)/python -m pytest -q -p no:cacheprovider tests/fuzz tests/ingest/test_hostile.py \
	  tests/test_document_bound.py tests/test_regex_worst.py

soak-kill: venv  ## 20 SIGKILLs during a 2,008-document ingest, each restarted: the store must equal one uninterrupted run
	$(BIN)/python scripts/kill_soak.py --variants 80 --kills 20 --seed 1

soak-spark: venv java  ## the Spark job equals single-process ingest on ~200 generated documents (make test: ~60)
	SITREP_SPARK_VARIANTS=10 $(BIN)/python -m pytest -q -p no:cacheprovider tests/spark

soak-server: venv  ## 50 clients for 60 s on 50,000 events, alone and while an ingest writes, plus the attack queries
	$(BIN)/python -m bench.bench_load --events 50000 --clients 50 --seconds 60

eval: venv  ## quality on the development gold sets and evaluation corpora (needs ../shared)
	$(BIN)/python -m bench.eval --shared $(SHARED)
	$(BIN)/python -m bench.eval_geo --shared $(SHARED)
	$(BIN)/python -m bench.gate_eval
	$(BIN)/python -m bench.merge_outlets
	$(BIN)/python -m bench.merge_eval acled --shared $(SHARED) --sample 1000 --seed 1
	$(BIN)/python -m bench.fa_eval --shared $(SHARED) --sample 300 --seed 1
	-python3 $(SHARED)/dev/case_eval.py $(BIN)/sitrep $(SHARED)/eval/CASE2021_task2/test_set_final_release_with_labels.tsv 0.70 --max-false-alarm 0.20

lock:  ## re-pin every dependency after changing pyproject.toml
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^sitrep' > requirements.lock

VENDOR := sitrep/web/static/vendor
NM := web/node_modules
assets:  ## re-copy the vendored web assets from the pinned npm packages (web/package-lock.json); needs npm
	cd web && npm ci --no-audit --no-fund --ignore-scripts
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/leaflet/images $(VENDOR)/markercluster $(VENDOR)/topojson $(VENDOR)/world-atlas $(VENDOR)/swagger-ui
	cp $(NM)/leaflet/dist/leaflet.js $(NM)/leaflet/dist/leaflet.css $(NM)/leaflet/LICENSE $(VENDOR)/leaflet/
	cp $(NM)/leaflet/dist/images/*.png $(VENDOR)/leaflet/images/
	cp $(NM)/leaflet.markercluster/dist/leaflet.markercluster.js $(NM)/leaflet.markercluster/dist/MarkerCluster.css $(NM)/leaflet.markercluster/MIT-LICENCE.txt $(VENDOR)/markercluster/
	cp $(NM)/topojson-client/dist/topojson-client.min.js $(NM)/topojson-client/LICENSE $(VENDOR)/topojson/
	cp $(NM)/world-atlas/countries-50m.json $(NM)/world-atlas/LICENSE $(VENDOR)/world-atlas/
	cp $(NM)/swagger-ui-dist/swagger-ui-bundle.js $(NM)/swagger-ui-dist/swagger-ui.css $(NM)/swagger-ui-dist/LICENSE $(VENDOR)/swagger-ui/
	cd web && node build-admin1.mjs

clean:
	rm -rf $(VENV) *.egg-info $(DEMO_DB) demo-events.csv
