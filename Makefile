# The two commands of the README: `make demo` and `make test`. Both start with
# `make setup`, which installs only what changed since the last run.

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
PYTEST_ARGS ?=

# The demo and local development run with DEBUG on; nothing else does by default.
DEV_ENV := DEBUG=$${DEBUG:-true}

.PHONY: setup demo test lint format migrations-check deploy-check bandit check \
        messages seed-scale benchmark clean

setup: $(VENV)/.installed node_modules/.installed
	@$(DEV_ENV) $(PY) manage.py compile_translations
	@$(DEV_ENV) $(PY) manage.py migrate --noinput -v 0

$(VENV)/.installed: requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

demo: setup
	@$(DEV_ENV) $(PY) manage.py seed_demo
	@printf "\nServing the portal on http://127.0.0.1:%s/ (Ctrl-C stops it)\n" "$(PORT)"
	@$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(VENV)/.installed
	@$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

# Regenerate the Persian catalogue from the code (needs GNU gettext's xgettext).
messages: $(VENV)/.installed
	@$(DEV_ENV) $(PY) manage.py makemessages -l fa --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests
	@$(DEV_ENV) $(PY) manage.py makemessages -d djangojs -l fa --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 .pytest_cache
