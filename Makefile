# Academy Archive: `make run` serves the archive, `make test` checks everything.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Development defaults; production sets its own (see README, "Deploying").
export DJANGO_DEBUG ?= 1

.PHONY: run test pytest lint format check system-deps gettext-deps messages bench serve \
	soak bench-live world-map lock upgrade-check

$(PY):
	python3 -m venv $(VENV)

# Installs exactly the tested versions: every package, direct and transitive, is
# pinned with its hashes in requirements.txt, and pip refuses anything else.
$(INSTALLED): requirements.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.txt
	$(PY) -m pip check
	touch $@

# requirements.txt from pyproject.toml's ranges, keeping the versions it holds
# where they still fit; `make lock UPGRADE=1` takes the newest allowed instead.
lock: $(INSTALLED)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal \
		--python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
		$(if $(UPGRADE),--upgrade) --quiet --output-file requirements.txt

# The newest versions pyproject.toml allows, installed in a throwaway environment
# and tested; reports what changed, what broke and which new majors are out.
upgrade-check: $(INSTALLED)
	$(PY) .ci/upgrade_check.py

# Debian packages the project needs: chromium for browser tests, nginx for the
# test of two instances behind one proxy, Caddy for the test of the deployment's
# proxy (academy/Caddyfile), postgresql-client (pg_dump, pg_restore) for the
# backup commands, GNU gettext (msgfmt, xgettext) for the translation
# catalogue and its test, and Node.js with npm for the JavaScript clients the
# open-data tests run (tests/js).
system-deps: gettext-deps
	@if [ ! -x /usr/bin/chromium ]; then \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	fi
	@if ! command -v nginx >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq nginx >/dev/null; \
	fi
	@if ! command -v caddy >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq caddy >/dev/null; \
	fi
	@if ! command -v pg_dump >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq postgresql-client >/dev/null; \
	fi
	@if ! command -v npm >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; \
	fi

# The JavaScript clients the open-data tests run (tests/js), from their lock
# and its hashes.
JS_CLIENTS := tests/js/node_modules/.installed
$(JS_CLIENTS): tests/js/package-lock.json | system-deps
	cd tests/js && npm ci --no-audit --no-fund --loglevel=error
	touch $@

gettext-deps:
	@if ! command -v msgfmt >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq gettext >/dev/null; \
	fi

# The Russian catalogue. `make messages` adds newly marked strings to the .po (with
# the options tests/test_i18n.py checks it with); the build compiles the .mo,
# which is never committed.
PO := locale/ru/LC_MESSAGES/django.po
MO := locale/ru/LC_MESSAGES/django.mo

messages: $(INSTALLED) gettext-deps
	$(MANAGE) makemessages --locale ru --no-location --no-obsolete \
		--ignore tests --ignore bench --ignore staticfiles

$(MO): $(PO) | $(INSTALLED) gettext-deps
	$(MANAGE) compilemessages --locale ru --ignore '.*' --ignore staticfiles

run: $(INSTALLED) $(MO)
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_archive
	$(MANAGE) runserver $(HOST):$(PORT)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(INSTALLED)
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# The world map's outlines, built once from Natural Earth (world-atlas on npm) and
# committed: see academy/worldmap/SOURCE.md. Needs the package registries.
world-map: $(INSTALLED)
	$(PY) -m pip install --quiet pycountry
	$(PY) academy/worldmap/build.py

# Production: gunicorn with WhiteNoise, after collectstatic and migrate. Needs at
# least DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (README, "Deploying");
# WEB_CONCURRENCY sets gunicorn's number of workers.
serve: export DJANGO_DEBUG = 0
serve: $(INSTALLED) $(MO)
	$(MANAGE) collectstatic --no-input --verbosity 0
	$(MANAGE) migrate --no-input
	$(VENV)/bin/gunicorn academy.wsgi --config python:academy.gunicorn_config \
		--bind $(HOST):$(PORT) --access-logfile -

# The suite runs on every CPU (pytest-xdist): each process has its own test database.
# Work stealing keeps both busy while one runs the long fuzz test.
PYTEST_WORKERS ?= auto
pytest: $(INSTALLED) system-deps $(MO) $(JS_CLIENTS)
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

test: lint check pytest

# Load test at archive scale, see bench/README.md (BENCH_EVENTS=2000 for a trial).
bench: $(INSTALLED)
	$(PY) bench/run.py

# The visitor mix on the benchmark's archive while an event is saved every second,
# with Redis as the cache. See bench/README.md, "Live edits".
bench-live: $(INSTALLED)
	$(PY) bench/live.py

# Public pages under load with concurrent admin saves, on SQLite and PostgreSQL;
# fails on any error, 5xx or lost save. See bench/README.md, "Soak".
soak: $(INSTALLED)
	$(PY) bench/soak.py
