# Deux commandes : `make run` et `make test`.
PYTHON ?= python3
# French text on every stream, whatever the machine's locale (CI may run without one).
export PYTHONUTF8 := 1
export LC_ALL := C.UTF-8
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# make run WORKERS=N : N processus Streamlit derrière nginx (paquet Debian), affinité de session.
WORKERS ?= 1
# make test : pytest-xdist, un processus par cœur ; les tests marqués serial passent ensuite, seuls.
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run test data venv bench clean-data

# How busy the machine's processors were during a stage (/proc/stat: every process on every
# processor of the machine, the app servers and Chromium the tests start included): near 100 %, a stage can only get shorter by
# doing less work, not by more parallelism. CPU_START before the stage, CPU_BUSY after it.
# Busy time of the « cpu » line: user, nice, system, irq, softirq, steal (idle and iowait left out).
CPU_BUSY_SUM = $$2+$$3+$$4+$$7+$$8+$$9
CPU_START = busy0=$$(awk '/^cpu /{printf "%.0f", $(CPU_BUSY_SUM)}' /proc/stat 2>/dev/null || echo 0)
CPU_BUSY = busy=$$(awk -v b=$$busy0 -v hz=$$(getconf CLK_TCK) -v wall=$$(( $$(date +%s) - start )) \
  '/^cpu /{used=($(CPU_BUSY_SUM)-b)/hz} /^cpu[0-9]/{n++} END{printf "%.0f s de CPU sur %.0f possibles, %.0f %%", used, wall*n, wall*n ? 100*used/(wall*n) : 0}' /proc/stat 2>/dev/null)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# One build writes both the catalogue and the map layers served from static/geo/; it runs again
# when a source file or the build code is newer than the catalogue (a checkout updated in place).
BUILD_INPUTS := $(shell find data/sources tidash/extracts tidash/extract_registry.py -type f -not -name '*.pyc' 2>/dev/null)
data/ti.duckdb static/geo/regions_national.json &: $(BUILD_INPUTS) | $(VENV)/.installed
	$(PY) -m tidash.extracts

data: $(VENV)/.installed
	$(PY) -m tidash.extracts

run: $(VENV)/.installed data/ti.duckdb static/geo/regions_national.json
	@if [ "$(WORKERS)" = "1" ]; then $(PY) -m tidash.serve --server.port $(PORT); \
	else $(PY) -m tidash.workers --workers $(WORKERS) --port $(PORT); fi

test: $(VENV)/.installed data/ti.duckdb static/geo/regions_national.json
	@start=$$(date +%s); $(VENV)/bin/ruff check . && echo "ruff : $$(( $$(date +%s) - start )) s"
	@start=$$(date +%s); $(CPU_START); $(PY) -m pytest -q tests -n $(TEST_WORKERS) --dist loadgroup -m "not serial" --durations=15; status=$$?; $(CPU_BUSY); \
	  echo "pytest, en parallèle ($(TEST_WORKERS) processus) : $$(( $$(date +%s) - start )) s (processeurs : $$busy)"; exit $$status
	@start=$$(date +%s); $(CPU_START); $(PY) -m pytest -q tests -m serial --durations=5; status=$$?; $(CPU_BUSY); \
	  echo "pytest, tests seuls (marqueur serial) : $$(( $$(date +%s) - start )) s (processeurs : $$busy)"; exit $$status

bench: $(VENV)/.installed data/ti.duckdb static/geo/regions_national.json
	$(PY) bench/run_bench.py
	$(PY) bench/load_test.py --sessions 50 --seconds 60 --pause 5 --workers 1
	$(PY) bench/load_test.py --sessions 50 --seconds 60 --pause 5 --workers 2
	$(PY) bench/load_test.py --sessions 50 --seconds 60 --workers 1
	$(PY) bench/load_test.py --sessions 50 --seconds 60 --workers 2

clean-data:
	rm -rf data/extracts data/ti.duckdb data/ti.previous.duckdb data/catalogues data/manifest.json static/geo
