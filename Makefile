# Two set-up commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# Exact versions with hashes: the suite, lint and browser tests; the benchmarks add their own.
LOCK := requirements.lock
BENCH_LOCK := requirements-bench.lock
COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-find-links \
	--no-emit-index-url pyproject.toml
HOST ?= 127.0.0.1
PORT ?= 8000
# E-mailed links follow the address each request came in by (`make run PORT=8123` included);
# `make run SITE_URL=https://…` fixes them instead (survey/links.py).

.PHONY: install install-bench lock run serve worker test test-every-page lint format bench loadtest loadtest-nodes messages clean

# From the lock file (exact versions, hashes checked) once `make lock` has written it.
$(VENV)/.installed: pyproject.toml $(wildcard $(LOCK))
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	if [ -f $(LOCK) ]; then $(PY) -m pip install --quiet --require-hashes -r $(LOCK); \
	else $(PY) -m pip install --quiet ".[dev,browser]"; fi
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

$(VENV)/.installed-bench: $(VENV)/.installed $(wildcard $(BENCH_LOCK))
	if [ -f $(BENCH_LOCK) ]; then $(PY) -m pip install --quiet --require-hashes -r $(BENCH_LOCK); \
	else $(PY) -m pip install --quiet ".[bench]"; fi
	touch $@

install-bench: $(VENV)/.installed-bench

# Regenerate both lock files from pyproject.toml (after adding or bumping a dependency).
lock:
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet 'pip-tools>=7.4,<8'
	$(COMPILE) --extra dev --extra browser -o $(LOCK)
	$(COMPILE) --all-extras -o $(BENCH_LOCK)

run: install
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py createcachetable
	DEBUG=true $(PY) manage.py load_reference
	DEBUG=true $(PY) manage.py seed_demo
	DEBUG=true $(PY) manage.py db_worker & \
	  WORKER=$$!; trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	  DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

# The suite in two processes, then the live-server tests in one: the browser tests (Playwright's
# sync API) and docs/api.md's R and Python snippets. No test collected (pytest exit 5) fails the
# target, as it should.
test: install
	$(PY) -m pytest -n 2 --dist loadfile -q -m "not browser and not snippets" $(PYTEST_ARGS)
	$(PY) -m pytest -q -rs -m "browser or snippets" $(PYTEST_ARGS)

# Only the check of every page of the demo (axe-core at 1280 and 390 px; part of `make test`).
test-every-page: install
	$(PY) -m pytest -q -rs -m every_page $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install-bench
	$(PY) bench/run.py

loadtest: install-bench
	$(PY) bench/loadtest/run.py

# Two gunicorn nodes behind HAProxy (apt install haproxy), sharing PostgreSQL and Redis.
loadtest-nodes: install-bench
	LOADTEST_MODE=nodes $(PY) bench/loadtest/run.py

messages: install
	DEBUG=true $(PY) manage.py makemessages --all --ignore=.venv --ignore=tests --ignore=bench --no-obsolete
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles
