# The two set-up commands of the README: `make demo` and `make test`.
# Each creates .venv when it is missing and installs what it needs into it: the exact versions
# of the lock files in requirements/ (written by `make lock`), then backwards itself without
# dependencies. Installs use uv (from PyPI, its version taken from the lock).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO   := examples/demo
UV_VERSION := $(shell sed -n 's/^uv==//p' requirements/dev.txt)
UV     := $(BIN)/uv
UV_PIP := $(UV) pip install --quiet --python $(BIN)/python
# `make lock` and `make lowest` resolve for every platform from the oldest supported Python.
COMPILE := $(UV) pip compile --quiet --universal --python-version 3.11 --custom-compile-command "make lock"

.PHONY: demo test check lint bench clean browser fuzz mutation lock upgrade-lock lowest

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "backwards needs Python 3.11 or newer (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(UV): requirements/dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	touch $@

$(VENV)/.installed: pyproject.toml requirements/runtime.txt | $(UV)
	$(UV_PIP) -r requirements/runtime.txt
	$(UV_PIP) --no-deps -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml requirements/dev.txt | $(UV)
	$(UV_PIP) -r requirements/dev.txt
	$(UV_PIP) --no-deps -e .
	touch $@ $(VENV)/.installed

# Regenerate the lock files after changing dependencies in pyproject.toml. Versions already in
# the lock are kept; `make upgrade-lock` moves everything to the newest allowed versions.
lock: | $(UV)
	$(COMPILE) pyproject.toml --group dev --extra postgres --extra web --extra spark --extra connect -o requirements/dev.txt
	$(COMPILE) pyproject.toml --extra web -c requirements/dev.txt -o requirements/runtime.txt

upgrade-lock: | $(UV)
	$(COMPILE) --upgrade pyproject.toml --group dev --extra postgres --extra web --extra spark --extra connect -o requirements/dev.txt
	$(COMPILE) --upgrade pyproject.toml --extra web -c requirements/dev.txt -o requirements/runtime.txt

# The lower bounds of pyproject.toml: every direct dependency at its lowest allowed version
# (`--resolution lowest-direct`; plain `lowest` also lowers transitive packages to releases
# that do not build on Python 3.11), the test tools at their pins, then the test suite.
# Lint is not run there: mypy's verdict depends on the stubs of the locked versions.
lowest: | $(UV)
	rm -rf .venv-lowest out/lowest.txt
	mkdir -p out
	$(UV) pip compile --quiet --python-version 3.11 --resolution lowest-direct \
	  pyproject.toml --group test --extra postgres --extra web -o out/lowest.txt
	$(PYTHON) -m venv .venv-lowest
	$(UV) pip install --quiet --python .venv-lowest/bin/python -r out/lowest.txt
	$(UV) pip install --quiet --python .venv-lowest/bin/python --no-deps -e .
	.venv-lowest/bin/pytest -n 2 -p no:cacheprovider

# The main job on the embedded defaults (DuckDB, SQLite) against the bundled demo workspace:
# the WBR deck, a PR/FAQ review and the trust ledger of two product managers.
demo: $(VENV)/.installed
	@echo "== Workspace settings"
	$(BIN)/backwards --workspace $(DEMO) config check
	@echo
	@echo "== Weekly business review: building the deck"
	$(BIN)/backwards --workspace $(DEMO) wbr build -o out/demo-wbr.html
	@echo
	@echo "== PR/FAQ review of $(DEMO)/prfaq.md"
	$(BIN)/backwards --workspace $(DEMO) prfaq review $(DEMO)/prfaq.md
	@echo
	@echo "== Trust ledger: two product managers side by side"
	sh $(DEMO)/ledger/demo.sh $(BIN)/backwards
	@echo
	@echo "== Growth: a quarter of two product managers' journals, and a growth report for each"
	sh $(DEMO)/growth/demo.sh $(BIN)/backwards
	@echo
	@echo "== Portfolio: the coffee roaster's dozen bets, planned for the most expected value"
	$(BIN)/backwards --workspace $(DEMO) portfolio plan $(DEMO)/portfolio.yaml --draws 1000
	$(BIN)/backwards --workspace $(DEMO) portfolio plan $(DEMO)/portfolio.yaml --format html --draws 1000 \
	  -o out/demo-portfolio.html
	@echo
	@echo "== Impact: what the Harbour espresso blend (launched 13 October 2026) did to orders"
	DECK_OUT=out/demo-wbr-launches.html sh $(DEMO)/portfolio-impact.sh $(BIN)/backwards
	@echo
	@echo "Open the deck: out/demo-wbr.html"
	@echo "Open the portfolio plan: out/demo-portfolio.html"
	@echo "Open the deck with the launch marked and listed: out/demo-wbr-launches.html"
	@echo
	@echo "== The web app: add yourself, then serve the demo workspace (docs/web.md)"
	@echo "  $(BIN)/backwards --workspace $(DEMO) user add $${USER:-me} --role admin"
	@echo "  $(BIN)/backwards serve --workspace $(DEMO)      # then open http://127.0.0.1:8000/"

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# The browser tests drive Debian's headless Chromium (never a browser download). As root with
# apt-get (CI, a fresh machine) it is installed when missing; elsewhere those tests are skipped
# with a reason, except under CI=true, where a missing browser fails them.
browser:
	@{ command -v chromium && command -v pdftoppm; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium (and poppler-utils for the PDF tests)..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver poppler-utils >/dev/null; \
	  else \
	    echo "warning: chromium is not installed; browser tests will be skipped (apt-get install chromium)"; \
	  fi; }

test: lint browser
	$(BIN)/pytest -n 2

check: test

# The long fuzz run: every parser, BACKWARDS_FUZZ_EXAMPLES inputs per test (1,000 unless set),
# 30 s per input at most. `make test` runs the same tests with a few inputs each.
fuzz: $(VENV)/.installed-dev
	BACKWARDS_FUZZ_PROFILE=fuzz $(BIN)/pytest tests/fuzz -p no:randomly -n 2 --hypothesis-show-statistics

# Mutation testing (mutmut, slow: not part of `make test`), one area at a time: the modules and
# the tests of .ci/mutation/AREA.cfg, on a scratch copy in out/mutation/AREA (so mutants never
# touch the working tree); each mutant runs only the tests that reached its function. The tally
# per module and the surviving mutants end up in out/mutation/AREA/summary.txt, recorded in
# docs/testing.md. MUTATION_AREAS picks the areas, MUTATION_JOBS the processes.
MUTATION_AREAS ?= kernel wbr wbr-calendar prfaq ledger
MUTATION_JOBS  ?= 2
mutation: $(VENV)/.installed-dev
	@set -e; for area in $(MUTATION_AREAS); do \
	  dir=out/mutation/$$area; echo "== mutation testing: $$area (log: $$dir/mutmut.log)"; \
	  rm -rf $$dir && mkdir -p $$dir; \
	  cp -r src tests examples docs bench pyproject.toml README.md ARCHITECTURE.md CHANGELOG.md Makefile $$dir/; \
	  cp .ci/mutation/$$area.cfg $$dir/setup.cfg; \
	  (cd $$dir && env -u CI $(CURDIR)/$(BIN)/mutmut run --max-children $(MUTATION_JOBS) \
	    > mutmut.log 2>&1 || { tail -20 mutmut.log; exit 1; }; \
	    $(CURDIR)/$(BIN)/mutmut results --all true > results.txt; \
	    $(CURDIR)/$(BIN)/python $(CURDIR)/.ci/mutation/summary.py results.txt | tee summary.txt); \
	done

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .venv-lowest out .pytest_cache .mypy_cache .ruff_cache
