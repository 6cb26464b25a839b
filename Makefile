# The two set-up commands of the README: `make demo` and `make test`.
# Each creates .venv when it is missing and installs what it needs into it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO   := examples/demo

.PHONY: demo test check lint bench clean browser fuzz mutation

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "backwards needs Python 3.11 or newer (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

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
	@echo "== Portfolio: the coffee roaster's dozen bets, planned for the most expected value"
	$(BIN)/backwards --workspace $(DEMO) portfolio plan $(DEMO)/portfolio.yaml --draws 1000
	$(BIN)/backwards --workspace $(DEMO) portfolio plan $(DEMO)/portfolio.yaml --format html --draws 1000 \
	  -o out/demo-portfolio.html
	@echo
	@echo "Open the deck: out/demo-wbr.html"
	@echo "Open the portfolio plan: out/demo-portfolio.html"

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# The browser tests drive Debian's headless Chromium (never a browser download). As root with
# apt-get (CI, a fresh machine) it is installed when missing; elsewhere those tests are skipped
# with a reason, except under CI=true, where a missing browser fails them.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
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

# Mutation testing (mutmut, slow: not part of `make test`) of the modules listed in
# .ci/mutation.cfg, on a scratch copy in out/mutation; survivors are listed at the end and
# recorded in docs/testing.md. MUTATION_CFG picks another list, MUTATION_JOBS the processes.
MUTATION_CFG  ?= .ci/mutation.cfg
MUTATION_JOBS ?= 2
mutation: $(VENV)/.installed-dev
	rm -rf out/mutation && mkdir -p out/mutation
	cp -r src tests examples docs bench pyproject.toml README.md ARCHITECTURE.md CHANGELOG.md Makefile \
	  out/mutation/
	cp $(MUTATION_CFG) out/mutation/setup.cfg
	cd out/mutation && ../../$(BIN)/mutmut run --max-children $(MUTATION_JOBS) > mutmut.log 2>&1; \
	  ../../$(BIN)/mutmut results

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
