# Phiếu: `make run` serves the demo, `make test` runs every test (README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
export FLASK_DATABASE ?= instance/phieu.db

.PHONY: run test bench lint format setup clean translations

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
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

test: setup node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

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
	$(BIN)/pybabel extract -F babel.cfg -k _l -o translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) node_modules
