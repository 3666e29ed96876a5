# Two entry points on a fresh machine: `make serve` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup serve index test test-slow bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

index: setup
	$(VENV)/bin/ssc-search index

serve: index
	$(VENV)/bin/ssc-search serve --host $(HOST) --port $(PORT)

test: setup
	$(PY) -m pytest -m "not slow"

test-slow: setup
	$(PY) -m pytest -m slow

bench: setup
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) bench/ranking.py

clean:
	rm -rf var $(VENV)
