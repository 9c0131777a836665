# The two commands of the quick start: `make run` and `make test`.
# Both set up what they need: the venv, the pinned dependencies (and, for tests, Chromium).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements/lock.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000


.PHONY: run serve procs test install migrate demo lock check browser-deps clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): requirements/lock.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/lock.txt
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

## make run: migrate, load the demo city, then serve on 127.0.0.1:8000 with a Celery worker and beat.
## Development: DEBUG on, Django's development server. Ctrl-C stops every process (exit 0).
run: export DEBUG ?= 1
run: install
	$(BIN)/python manage.py migrate --noinput
	@case "$$DEBUG" in 1|true|yes|on) $(BIN)/python manage.py load_demo && $(BIN)/python manage.py run_jobs --enqueue ;; \
	  *) echo "DEBUG 关闭：不加载演示数据 / DEBUG is off: the demo is not loaded (see make serve)" ;; esac
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(PROCS)

## make serve: production on one machine — DEBUG off, gunicorn + worker + beat, never the demo.
## Needs SECRET_KEY, ALLOWED_HOSTS (and DATABASE_URL, REDIS_URL, EMAIL_HOST); docs/operations.md.
serve: export DEBUG = 0
serve: install
	$(BIN)/python manage.py check --deploy
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(PROCS)

# Only the Procfile's processes (no migrate, no demo): what run and serve end with.
PROCS = PATH="$(abspath $(BIN)):$$PATH" HOST=$(HOST) PORT=$(PORT) $(BIN)/python -m config.procs Procfile
procs:
	$(PROCS)

## make test: the whole suite (with REDIS_URL set, the Redis integration tests too), on two
## pytest-xdist workers by default (PYTEST_ARGS="-n 0" runs it in one process).
PYTEST_ARGS ?= -n 2
test: install browser-deps
	$(BIN)/python manage.py collectstatic --noinput -v0 --settings=config.settings_test
	DJANGO_SETTINGS_MODULE=config.settings_test $(BIN)/pytest $(PYTEST_ARGS)

## make bench: the performance table (bench/run.py) on PostgreSQL; BENCH_ARGS="--quick" for a smoke run.
bench: install
	@test -n "$(DATABASE_URL)" || { echo "make bench needs DATABASE_URL=postgres://…"; exit 2; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Debian's Chromium for the browser tests (Playwright cannot download browsers here).
browser-deps:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh | grep -q . ; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-l10n fonts-noto-cjk >/dev/null; \
	  else echo "chromium missing: browser tests will be skipped (sudo apt-get install chromium)"; fi; }

check: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py check --settings=config.settings_test
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings_test
	$(DEPLOY_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

# The production settings as a deployment sets them (a throwaway key: the check reads its length only).
DEPLOY_ENV = env -u DEBUG SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=tracker.example.gov.cn EMAIL_HOST=smtp.example.gov.cn DJANGO_SETTINGS_MODULE=config.settings

## make lock: refresh requirements/lock.txt from requirements/*.in (needs the registry).
lock:
	rm -rf /tmp/lockvenv && $(PYTHON) -m venv /tmp/lockvenv
	/tmp/lockvenv/bin/pip install --quiet --upgrade pip
	/tmp/lockvenv/bin/pip install --quiet -r requirements/dev.in
	/tmp/lockvenv/bin/pip freeze --exclude-editable > requirements/lock.txt

clean:
	rm -rf var/broker var/celerybeat-schedule* staticfiles
