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

.PHONY: run test pytest lint format check system-deps

$(PY):
	python3 -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# Debian packages the project needs: chromium for browser tests.
system-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	fi

run: $(INSTALLED)
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

pytest: $(INSTALLED) system-deps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test: lint check pytest
