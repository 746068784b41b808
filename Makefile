# Phiếu: `make run` serves the demo, `make test` runs every test (README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
export FLASK_DATABASE ?= instance/phieu.db
# `make run PORT=8000`: the server, the printed URLs and the QR codes follow it.
PORT ?= 5000
export FLASK_PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test test-fast bench lint format setup clean translations schema screenshots

$(BIN)/activate: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(BIN)/activate

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch node_modules/.installed

translations/en/LC_MESSAGES/messages.mo: translations/en/LC_MESSAGES/messages.po $(BIN)/activate
	$(BIN)/pybabel compile --statistics -d translations 2>&1 | tail -1

setup: $(BIN)/activate translations/en/LC_MESSAGES/messages.mo

run: setup
	$(FLASK) init-db
	$(FLASK) seed-demo --if-empty --hold
	$(FLASK) run-demo --host 127.0.0.1 --port $(PORT)

# Every test, on both cores (pytest-xdist): 1,096 tests, 13 min one at a time.
test: setup node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q -n 2

# Everything but the browser, load and exhaustive tests, on both cores: the edit loop.
test-fast: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q -n 2 -m "not browser and not slow"

bench: setup
	$(BIN)/python -m bench

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-extract the Vietnamese source strings and update the English catalogue.
translations: setup
	$(BIN)/pybabel extract -F babel.cfg -k _l -o translations/messages.pot --no-location --sort-output --ignore-dirs=".venv node_modules" .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

# The README's pictures, from the demo in Debian's Chromium; look at them before committing.
screenshots: setup
	$(BIN)/python -m tests.screenshots

# docs/schema.sql: the schema of a fresh database, checked by tests/test_layout.py.
schema: setup
	rm -f $(VENV)/schema.db
	FLASK_DATABASE=$(VENV)/schema.db $(FLASK) init-db >/dev/null
	FLASK_DATABASE=$(VENV)/schema.db $(FLASK) schema > docs/schema.sql
	rm -f $(VENV)/schema.db*

clean:
	rm -rf $(VENV) node_modules
