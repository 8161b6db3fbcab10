# Two set-up commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# E-mailed links (sent by the worker, which never sees a request) point where `make run`
# serves, e.g. `make run PORT=8123`; set SITE_URL yourself to override.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: install run serve worker test lint format bench loadtest loadtest-nodes messages clean

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py createcachetable
	DEBUG=true $(PY) manage.py load_reference
	DEBUG=true $(PY) manage.py seed_demo
	DEBUG=true SITE_URL=$(SITE_URL) $(PY) manage.py db_worker & \
	  WORKER=$$!; trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	  DEBUG=true SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

# The suite in two processes, then the live-server tests in one: the browser tests (Playwright's
# sync API) and docs/api.md's R and Python snippets. No test collected (pytest exit 5) fails the
# target, as it should.
test: install
	$(PY) -m pytest -n 2 --dist loadfile -q -m "not browser and not snippets" $(PYTEST_ARGS)
	$(PY) -m pytest -q -rs -m "browser or snippets" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	$(PY) bench/run.py

loadtest: install
	$(PY) bench/loadtest/run.py

# Two gunicorn nodes behind HAProxy (apt install haproxy), sharing PostgreSQL and Redis.
loadtest-nodes: install
	LOADTEST_MODE=nodes $(PY) bench/loadtest/run.py

messages: install
	DEBUG=true $(PY) manage.py makemessages --all --ignore=.venv --ignore=tests --ignore=bench --no-obsolete
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
