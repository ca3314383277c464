# Accord's interface: `make run` serves the demo, `make test` checks everything.
# Both set themselves up from a fresh clone and are safe to run again.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ENV := DEBUG=1
# Modules type-checked by `make lint` (mypy with django-stubs; settings in pyproject.toml).
MYPY_FILES := accord/access.py proposals/workflow.py realtime/
# Production-shaped variables for `check --deploy` (nothing is served with them).
DEPLOY_ENV := DEBUG=0 SECRET_KEY=deploy-check-$(shell printf '%064d' 0 | tr 0 x) \
	ALLOWED_HOSTS=accord.example.org CSRF_TRUSTED_ORIGINS=https://accord.example.org

.PHONY: run test test-fast lint lock format install system system-tests frontend messages clean

# Python packages come from the hashed lock files (`make lock` refreshes them from pyproject.toml);
# Accord itself is installed on top without dependencies.
$(BIN)/.installed: pyproject.toml requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python deploy/check-lock.py
	touch $@

# Re-resolve both lock files to the newest releases pyproject.toml allows, with hashes.
lock: $(BIN)/.installed
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes --no-strip-extras --upgrade \
		--quiet --custom-compile-command "make lock" -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes --no-strip-extras \
		--upgrade --quiet --custom-compile-command "make lock" -o requirements/dev.txt

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend/dist/.built: frontend/node_modules/.installed frontend/build.mjs $(shell find frontend/src -type f 2>/dev/null)
	cd frontend && npm run --silent build
	touch $@

# System packages (Pango, fonts, poppler for PDF; Node.js) from Debian when missing.
system:
	deploy/system-packages.sh

system-tests:
	deploy/system-packages.sh --tests

install: system $(BIN)/.installed frontend/dist/.built

frontend: frontend/dist/.built

# realtime.serve: daphne with its websocket message limit from ACCORD_WS_MAX_MESSAGE_BYTES.
run: install
	mkdir -p var
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input -v 0
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Accord is running at http://$(HOST):$(PORT)/"
	@echo "  Sign in with any demo account, password accord-demo:"
	@echo "    coordinator@example.org  editor@example.org  commenter@example.org"
	@echo "    observer@example.org     outsider@example.org"
	@echo "    admin@example.org (the site's /admin/, e.g. API tokens)"
	@echo "  Stop with Ctrl+C."
	@echo ""
	$(DEV_ENV) $(BIN)/python -m realtime.serve -b $(HOST) -p $(PORT) accord.asgi:application

lint: $(BIN)/.installed
	$(BIN)/python deploy/check-lock.py
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(DEV_ENV) $(BIN)/mypy $(MYPY_FILES)
	$(DEV_ENV) $(BIN)/python -m realtime.export_codes --check
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(DEV_ENV) $(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null
	$(DEPLOY_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: system-tests install lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The quick loop while working: no lint, no browsers, live servers or slow PDF builds.
test-fast: install
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

messages: $(BIN)/.installed
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l ru --no-obsolete --no-location \
		--ignore=.venv --ignore=frontend --ignore=var --ignore=tests --ignore=bench
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -l ru -v 0

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist var/static
