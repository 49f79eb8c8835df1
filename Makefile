# The two commands of the README: `make report` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= data/corpus
RUN ?= outputs/run
REPORT ?= outputs/report
# nbval compares the notebooks' stored outputs (those of the bundled corpus) with a new execution against $(RUN).
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
REPORT_NOTEBOOKS := $(wildcard notebooks/*.ipynb)
# The analysts' review notebook (analysis/review/), compared the same way.
REVIEW_NOTEBOOK := notebooks/review/review.ipynb

.PHONY: report test test-fast extract lab lock clean-venv bundled-run notebooks

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	# setuptools' editable install always adds a note that a folder named like the package in the working
	# folder comes first on import: here that folder is the checkout itself, on purpose; that one note is filtered.
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The bundled corpus extracted where the notebooks' default `run` parameter points (../outputs/run).
bundled-run: $(STAMP)
	$(BIN)/stakeholders extract $(CORPUS) --out $(RUN) --force --quiet

# The four reports of the bundled corpus (positions, timeline, stakeholder, issue) and their index.
report: bundled-run
	$(BIN)/stakeholders report $(RUN) --out $(REPORT) --force

test: bundled-run
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest $(NBVAL) $(REPORT_NOTEBOOKS) $(REVIEW_NOTEBOOK)

# The inner loop: every test but the slow ones (kernels, browsers, most subprocesses, other corpora extracted),
# fewer property examples; about 50 s. `make test` runs everything.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

# Re-execute notebooks/*.ipynb against the bundled corpus and store their outputs (what `make test` compares);
# run it when the extraction changed the numbers on purpose, and commit the notebooks.
notebooks: bundled-run
	$(BIN)/python -m analysis.report.notebooks $(RUN)

# Options for JupyterLab: make lab LAB_ARGS="--port 8899 --no-browser" (any `jupyter lab` option).
LAB_ARGS ?=
lab: $(STAMP)
	test -f $(RUN)/run.json || $(MAKE) bundled-run
	$(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) --ServerApp.default_url=/lab/tree/notebooks $(LAB_ARGS)

# Re-pin every dependency (needs the package index); commit the result.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/python -m piptools compile --quiet --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links --extra test \
		--output-file requirements.lock pyproject.toml

clean-venv:
	rm -rf $(VENV)
