# Set-up is part of every target: a fresh clone needs only `make run` or `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
READY := $(VENV)/.installed

.PHONY: run chat test test-postgres bench

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -e '.[test]'
	touch $(READY)

run: $(READY)  ## the bot: Telegram polling with a token, else the console on an SQLite file
	$(VENV)/bin/hienke

test: $(READY)  ## the whole suite (SQLite; set HIENKE_TEST_DATABASE_URL for PostgreSQL)
	$(VENV)/bin/python -m pytest

test-postgres: $(READY)
	HIENKE_TEST_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test $(VENV)/bin/python -m pytest
