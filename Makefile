# istanbul-talks: every command a user needs. `make help` lists them.
# Each target builds .venv from the hash-pinned requirements.txt on first use.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
UV_DIR := .cache/uv
UV := $(UV_DIR)/bin/uv
USE_UV ?= 1

# Determinism: the same bytes on every run and machine (see README, "Reproducibility").
export PYTHONHASHSEED := 0
export SOURCE_DATE_EPOCH := 0
export TZ := UTC
export LC_ALL := C.UTF-8
export MPLCONFIGDIR := $(CURDIR)/.cache/matplotlib
export IPYTHONDIR := $(CURDIR)/.cache/ipython
export JUPYTER_CONFIG_DIR := $(CURDIR)/.cache/jupyter
export PLOTLY_RENDERER := plotly_mimetype
export PYDEVD_DISABLE_FILE_VALIDATION := 1

LINT_PATHS := istanbul_talks istanbul_talks_build tests notebooks $(wildcard benchmarks)
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p istanbul_talks_build.nbval_plugin

.PHONY: help venv figures test validate lint unit nbval lab bench clean

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

# Set-up: uv (itself pinned with hashes in requirements-uv.txt, installed with pip into .cache/uv)
# installs requirements.txt with its hashes enforced and bytecode compiled, in seconds; where uv
# cannot be had, pip installs the same lock (slower).
$(STAMP): requirements.txt requirements-uv.txt
	rm -rf $(VENV)
	if [ "$(USE_UV)" = 1 ] && { [ -x $(UV) ] || $(PYTHON) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes --target $(UV_DIR) -r requirements-uv.txt; } \
	   && $(PYTHON) -m venv --without-pip $(VENV) \
	   && $(UV) pip sync --quiet --python $(PY) --require-hashes --compile-bytecode requirements.txt; then :; else \
	  echo "uv is not available here: creating $(VENV) with pip instead (slower)"; \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV) \
	  && $(VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt; fi
	$(PY) -c 'import sysconfig, pathlib; pathlib.Path(sysconfig.get_path("purelib"), "istanbul_talks.pth").write_text("$(CURDIR)\n")'
	mkdir -p $(MPLCONFIGDIR) $(IPYTHONDIR) $(JUPYTER_CONFIG_DIR)
	touch $(STAMP)

venv: $(STAMP) ## create .venv from the pinned requirements.txt

figures: $(STAMP) ## regenerate every notebook (executed in place) and every file in figures/
	$(PY) -m istanbul_talks_build.execute $(NOTEBOOKS)

validate: $(STAMP) ## check the dataset (tables, codebook, spans, quotes, hashes, dates)
	$(PY) -m istanbul_talks validate

lint: $(STAMP) ## ruff over the package, tests, benchmarks and notebooks
	$(PY) -m ruff check $(LINT_PATHS)

unit: $(STAMP) ## unit tests only
	$(PY) -m pytest tests -q -n 2 --dist loadfile

# nbval runs every notebook from a fresh kernel with its figures sent to a temporary folder, which
# is then compared with figures/: the working tree is never written.
test: $(STAMP) ## every check: validate, ruff, actionlint, unit tests, nbval over every notebook, figures current
	$(PY) -m istanbul_talks validate
	$(PY) -m ruff check $(LINT_PATHS)
	$(VENV)/bin/actionlint .github/workflows/*.yml
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT \
	  && ISTANBUL_TALKS_NBVAL_FIGURES=$$tmp $(PY) -m pytest $(NOTEBOOKS) tests $(NBVAL) -q -n 2 --dist loadfile \
	  && $(PY) -m istanbul_talks_build.freshness $$tmp

lab: $(STAMP) ## open JupyterLab on the project's environment
	$(PY) -m jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

bench: $(STAMP) ## measure figures, tests, validate and load; write benchmarks/results.md
	$(PY) benchmarks/run.py

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .cache
