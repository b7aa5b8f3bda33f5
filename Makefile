# briefgen — `make build` renders briefs/ into out/; `make test` runs the test suite.
# Both create the virtual environment (.venv) on first use, with pinned versions.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.briefgen-installed
NODE_STAMP := node_modules/.package-lock.json

.PHONY: build test check bench clean distclean lock

build: $(STAMP)
	$(BIN)/briefgen build
	$(BIN)/briefgen publish --out site $(if $(BASE_URL),--base-url $(BASE_URL))

# The linter and the import contract (pyproject.toml) first: they take seconds.
test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check briefgen tests benchmarks
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n auto

# The browser tests' checkers (axe-core, vnu-jar). --ignore-scripts: vnu-jar's install script would download a Java.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "error: the tests need Node.js and npm (see README.md)" >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund

check: $(STAMP)
	$(BIN)/briefgen check

# Performance against Pandoc and WeasyPrint's floor; installs pypandoc-binary for the comparison only.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pypandoc-binary
	$(BIN)/python benchmarks/bench.py

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "error: briefgen needs Python 3.11 or newer; '$(PYTHON)' is older or missing (set PYTHON=...)" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	@$(BIN)/python -c 'import weasyprint' 2>/dev/null || \
	  { echo "error: WeasyPrint cannot load its system libraries (Pango, HarfBuzz, fontconfig)." >&2; \
	    echo "       On Debian or Ubuntu run: sudo scripts/install-system-packages  (see README.md)" >&2; exit 1; }
	@touch $@

# Re-pin every dependency to what is installed now (after changing pyproject.toml).
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable --exclude briefgen > requirements.lock

clean:
	rm -rf out site

distclean: clean
	rm -rf $(VENV) node_modules
