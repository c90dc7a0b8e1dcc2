# The two commands of the README: `make demo` and `make test`. Both start with
# `make setup`, which installs only what changed since the last run.

# The interpreter for .venv: the first of these that runs and is 3.11, 3.12 or 3.13
# (what pyproject.toml's requires-python allows), unless PYTHON=... names one.
PYTHON_CANDIDATES := python3.11 python3.12 python3.13 python3
PYTHON_SUPPORTED  := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 14))
PYTHON ?=
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
PYTEST_ARGS ?=

# The demo and local development run with DEBUG on; nothing else does by default.
DEV_ENV := DEBUG=$${DEBUG:-true}

APPS := partner_portal industries teams placements certificates

.PHONY: setup venv demo test test-quick lint format migrations-check deploy-check bandit matrix \
        gates seed-scale benchmark load bench-formation bench-certificates bench-booklet bench-pages drills \
        messages clean assets lighthouse

setup: $(VENV)/.installed node_modules/.installed
	@$(DEV_ENV) $(PY) manage.py compile_translations
	@$(DEV_ENV) $(PY) manage.py migrate --noinput -v 0

$(VENV)/.installed: requirements-dev.lock
	@test -x $(PY) || $(MAKE) --no-print-directory venv
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $@

# Creates .venv with the interpreter chosen above, saying which; or says what is needed.
venv:
	@python="$(PYTHON)"; \
	if [ -z "$$python" ]; then \
		for candidate in $(PYTHON_CANDIDATES); do \
			if $$candidate -c '$(PYTHON_SUPPORTED)' >/dev/null 2>&1; then \
				python=$$candidate; break; \
			fi; \
		done; \
	fi; \
	if [ -z "$$python" ] || ! $$python -c '$(PYTHON_SUPPORTED)' >/dev/null 2>&1; then \
		echo "The portal needs Python 3.11, 3.12 or 3.13 (tried:" \
			"$${python:-$(PYTHON_CANDIDATES)})." >&2; \
		echo "Install one (Ubuntu 24.04 and Debian 13 ship python3.12 and python3.13:" \
			"apt-get install python3 python3-venv), or name it:" \
			"make PYTHON=/path/to/python3.12" >&2; \
		exit 1; \
	fi; \
	echo "Creating $(VENV) with $$python ($$($$python --version 2>&1))"; \
	$$python -m venv $(VENV)

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

demo: setup
	@$(DEV_ENV) $(PY) manage.py seed_demo
	@printf "\nServing the portal on http://127.0.0.1:%s/ (Ctrl-C stops it)\n" "$(PORT)"
	@$(DEV_ENV) PORT=$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

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

# Rebuild static/build/ (committed): Bootstrap's CSS purged to the classes the templates
# use, the SVG sprite of the icons they use, the Vazirmatn subsets. After using a new
# Bootstrap class or icon; tests/partner_portal/test_assets.py says when it is due.
assets: $(VENV)/.installed node_modules/.installed
	$(PY) scripts/build_assets.py

# Lighthouse (mobile) on the public pages served as in production (DEBUG off, hashed and
# compressed static files, gunicorn, demo data in a throwaway SQLite file): one line per
# page; fails below performance 95, accessibility 100, best practices 100, SEO 95.
lighthouse: setup
	@$(PY) scripts/lighthouse.py

# Province-scale data (70,000 students, 2,400 units, 10,000 problems, 400
# professors) in the database DATABASE_URL names; replaces an earlier run's data.
seed-scale: setup
	@$(DEV_ENV) $(PY) manage.py seed_scale

# Median server time of the busiest lists as ratios to a trivial view, one run.
benchmark: setup
	@$(DEV_ENV) $(PY) manage.py benchmark_pages

# 32 users at once for LOAD_SECONDS (60) against gunicorn as production runs it
# (gunicorn.conf.py, DEBUG off, hashed static files) on a loopback port, on the scale
# data (seeded first if missing) in the PostgreSQL DATABASE_URL names: dashboards,
# filtered lists, detail pages, catalogue, verification. Prints
# `load requests_per_s=… p50_ms=… p95_ms=… p99_ms=… errors=…`; fails on any error
# (5xx, timeout) or a p99 above 250 ms.
load: setup
	@$(DEV_ENV) $(PY) manage.py load_test

# The team-formation suggester on seeded instances (200/40, 2,000/400 and 20,000/4,000
# students/problems): one line each with time, objective, bound and their ratio; fails
# on a broken hard constraint or a missed target. Needs no database.
bench-formation: $(VENV)/.installed
	@$(DEV_ENV) $(PY) manage.py bench_formation

# 200 certificates through the real task path (PostgreSQL, Redis, a `celery worker`
# with two processes): one line with the wall time, the median rendering in the
# worker against a bare WeasyPrint rendering, the largest PDF and the worker's memory
# growth. Needs DATABASE_URL and REDIS_URL; works in a throwaway database it drops.
bench-certificates: $(VENV)/.installed node_modules/.installed
	@$(DEV_ENV) $(PY) manage.py bench_certificates

# The industrial booklet of 500 approved problems (internal edition, Persian) through
# the real task path (PostgreSQL, Redis, a `celery worker`): one line with the pages,
# the wall time from the request to the PDF, and its size; fails above 60 s. Needs
# DATABASE_URL and REDIS_URL; works in a throwaway database it drops.
bench-booklet: $(VENV)/.installed node_modules/.installed
	@$(DEV_ENV) $(PY) manage.py bench_booklet

# Server CPU per request (gunicorn workers + PostgreSQL backends, from their CPU
# counters) of every page the program's people use, on the scale data (seeded if
# missing), as a ratio to /healthz/: one line per page; fails above 12x (searches
# 15x). Needs DATABASE_URL (PostgreSQL).
bench-pages: setup
	@$(DEV_ENV) $(PY) manage.py bench_pages

# Fault drills on private services the command starts and stops (a PostgreSQL
# cluster and a redis-server in a temporary directory, a `celery worker`, gunicorn on
# loopback; never the machine's own): Redis stopped while people sign and submit, the
# worker SIGKILLed mid-batch of 100 certificates, PostgreSQL restarted under load, a
# web worker killed mid-POST. One line per drill; fails when any drill does.
# Outages last DRILL_OUTAGE_SECONDS (5; operators: DRILL_OUTAGE_SECONDS=60 make drills).
drills: $(VENV)/.installed
	@$(DEV_ENV) $(PY) manage.py drills

# Regenerate the Persian catalogue from the code (needs GNU gettext's xgettext).
messages: $(VENV)/.installed
	@$(DEV_ENV) $(PY) manage.py makemessages -l fa --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests
	@$(DEV_ENV) $(PY) manage.py makemessages -d djangojs -l fa --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 .pytest_cache screenshots reports
