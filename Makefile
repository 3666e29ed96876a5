# Two entry points on a fresh machine: `make serve` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The served library: a working copy of ./corpus under var/, so that uploads never touch tracked files
LIBRARY ?= var/corpus

.PHONY: setup library serve index test test-slow bench clean translations

setup: $(VENV)/.installed

# Serving needs only the runtime packages; the tests add their toolchain (pytest, Playwright, ...).
$(VENV)/.installed-base: pyproject.toml
	@echo "== creating the virtual environment in $(VENV)"
	@python3 -m venv $(VENV)
	@echo "== installing ssc-search and what it needs to serve (a minute or two the first time)"
	@$(PY) -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v "^WARNING" || true
	@$(PY) -m pip install -q --disable-pip-version-check -e . 2>&1 | grep -iv "warning\|^ \|^$$\|!!\|\*\*\*" || true
	@$(PY) -c "import ssc_search, webapp" && touch $@

$(VENV)/.installed: $(VENV)/.installed-base
	@echo "== installing the test toolchain"
	@$(PY) -m pip install -q --disable-pip-version-check -e '.[test]' 2>&1 | grep -iv "warning\|^ \|^$$\|!!\|\*\*\*" || true
	@$(PY) -c "import pytest, playwright" && touch $@

# The working copy takes what ./corpus has newer, but not a PDF removed through the admin (removed.txt)
library:
	@echo "== bringing $(LIBRARY) up to date with ./corpus (uploads are kept there, in uploads.toml)"
	@mkdir -p $(LIBRARY) && for f in corpus/*; do \
	  grep -qxF "$${f##*/}" $(LIBRARY)/removed.txt 2>/dev/null || cp -u "$$f" $(LIBRARY)/; done

index: $(VENV)/.installed-base library
	@echo "== indexing the PDFs in $(LIBRARY)"
	@SSC_CORPUS_DIR=$(LIBRARY) $(VENV)/bin/ssc-search index

serve: index
	@echo "== serving on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	@SSC_CORPUS_DIR=$(LIBRARY) $(VENV)/bin/ssc-search serve --host $(HOST) --port $(PORT)

test: setup
	$(PY) -m pytest -m "not slow"

test-slow: setup
	$(PY) -m pytest -m slow

bench: setup
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) bench/ranking.py

# Interface and library messages: extract the English, merge into the Spanish catalogues (fill in
# what `pybabel` marks empty or fuzzy), compile. Tests fail on an untranslated message.
translations: setup
	$(VENV)/bin/pybabel -q extract -F babel.cfg --sort-by-file --project ssc-search -o webapp/translations/messages.pot webapp
	$(VENV)/bin/pybabel -q update -i webapp/translations/messages.pot -d webapp/translations --width 100
	$(VENV)/bin/pybabel compile -d webapp/translations --statistics
	$(VENV)/bin/pybabel -q extract -F babel.cfg --sort-by-file --project ssc-search -o ssc_search/locale/ssc_search.pot ssc_search
	$(VENV)/bin/pybabel -q update -i ssc_search/locale/ssc_search.pot -d ssc_search/locale -D ssc_search --width 100
	$(VENV)/bin/pybabel compile -d ssc_search/locale -D ssc_search --statistics

clean:
	rm -rf var $(VENV)
