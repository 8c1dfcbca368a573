# Quick start: `make demo` (set up, load the sample corpus, start the dashboard) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STORE ?= cckg-data
PORT ?= 8501
LINT_DIR := tools/cypher-lint

.PHONY: setup demo test bench clean

setup: $(VENV)/.installed $(LINT_DIR)/node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

$(LINT_DIR)/node_modules/.installed: $(wildcard $(LINT_DIR)/package*.json)
	@if [ -f $(LINT_DIR)/package.json ]; then npm ci --silent --prefix $(LINT_DIR) && touch $@; \
	else mkdir -p $(LINT_DIR)/node_modules && touch $@; fi

demo: setup
	$(VENV)/bin/cckg load examples/corpus --store $(STORE)
	@echo "Dashboard: http://localhost:$(PORT)"
	$(VENV)/bin/cckg app --store $(STORE) --port $(PORT)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(STORE) test-output .pytest_cache
