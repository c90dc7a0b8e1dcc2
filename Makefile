# The two commands of the README: `make demo` and `make test`. Both start with
# `make setup`, which installs only what changed since the last run.

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
PYTEST_ARGS ?=

# The demo and local development run with DEBUG on; nothing else does by default.
DEV_ENV := DEBUG=$${DEBUG:-true}

APPS := partner_portal industries teams placements certificates

.PHONY: setup demo test test-quick lint format migrations-check deploy-check bandit matrix \
        gates seed-scale benchmark messages clean

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

# The inner loop: everything but the browser tests (Chromium, axe, the HTML checker).
test-quick: setup
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(VENV)/.installed
	@$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

# `manage.py check --deploy` as production would run it: DEBUG off, only SECRET_KEY and
# ALLOWED_HOSTS given; any warning fails.
deploy-check: $(VENV)/.installed
	@env -u DATABASE_URL -u REDIS_URL DEBUG=false ALLOWED_HOSTS=portal.example.org \
		SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(PY) manage.py check --deploy --fail-level WARNING

# Security lint of the apps: any high-severity finding fails.
bandit: $(VENV)/.installed
	$(VENV)/bin/bandit -q -r $(APPS) -x '*/migrations/*' --severity-level high

# Every URL x every persona against tests/permission_matrix.txt.
matrix: setup
	$(PY) -m pytest tests/test_permission_matrix.py $(PYTEST_ARGS)

# axe-core, the Nu HTML checker and screenshots for every page in
# tests/browser/page_list.py (needs Chromium and Java).
gates: setup
	$(PY) -m pytest tests/browser/test_page_gates.py $(PYTEST_ARGS)

# Province-scale data (70,000 students, 2,400 units, 10,000 problems, 400
# professors) in the database DATABASE_URL names; replaces an earlier run's data.
seed-scale: setup
	@$(DEV_ENV) $(PY) manage.py seed_scale

# Median server time of the busiest lists as ratios to a trivial view, one run.
benchmark: setup
	@$(DEV_ENV) $(PY) manage.py benchmark_pages

# Regenerate the Persian catalogue from the code (needs GNU gettext's xgettext).
messages: $(VENV)/.installed
	@$(DEV_ENV) $(PY) manage.py makemessages -l fa --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests
	@$(DEV_ENV) $(PY) manage.py makemessages -d djangojs -l fa --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 .pytest_cache screenshots reports
