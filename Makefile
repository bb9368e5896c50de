# criticlens: two commands from a fresh clone.
#   make run    set up .venv, then, for each bundled film (Blue Valentine; Goldmember, 35 Rotten
#               Tomatoes snippets), validate it, export every figure and run every notebook
#               (NOTEBOOK_FILMS; each run fails on anything a reader would see wrong: an error,
#               a warning, a chart missing or shown twice)
#   make test   set up .venv, then run the tests and every notebook (nbmake: fresh kernels,
#               inline backend, Blue Valentine), then, on the second bundled film, `criticlens
#               figures` and every notebook again (the same check as make run), into .cache
# Only the headless figure export runs with MPLBACKEND=Agg; every kernel (make lab, make run's
# notebooks, nbmake) gets matplotlib's inline backend, so a person sees each chart, once.
# FILM may be a slug under data/films or a path to any film folder: make run FILM=path/to/film

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
FILMS  ?= blue-valentine austin-powers-in-goldmember
NOTEBOOK_FILMS ?= blue-valentine austin-powers-in-goldmember
FILM   ?=
OUT    ?=
STAMP  := $(VENV)/.installed

export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: run test lab venv figures notebooks validate bench clean-cache strip clean help readme train-engine eval-reading

help:
	@echo "make run [FILM=slug|path]  set up, validate, export figures and run the notebooks (both bundled films)"
	@echo "make test                  set up, run pytest incl. notebooks (both bundled films)"
	@echo "make lab                   JupyterLab on 127.0.0.1 (token auth on)"
	@echo "make bench CORPUS=path     corpus-scale benchmarks"
	@echo "make train-engine          retrain the critic engine from ../shared (needs scikit-learn)"
	@echo "make eval-reading          critic vs VADER/TextBlob on ../shared (benchmarks/RESULTS.md)"
	@echo "make clean-cache           delete the derived-frame cache"

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (criticlens)" >/dev/null
	touch $(STAMP)

validate: venv
	for f in $(or $(FILM),$(FILMS)); do \
	  $(VENV)/bin/criticlens validate $$f && $(VENV)/bin/criticlens summary $$f || exit 1; done

figures: venv
	for f in $(or $(FILM),$(FILMS)); do \
	  MPLBACKEND=Agg $(VENV)/bin/criticlens figures $$f $(if $(OUT),--out $(OUT),) || exit 1; done

notebooks: venv
	for f in $(or $(FILM),$(NOTEBOOK_FILMS)); do $(PY) -m criticlens.cli.teach $$f || exit 1; done

run: validate figures notebooks

# nbmake runs the notebooks on Blue Valentine (their default FILM); the second bundled film gets
# `criticlens figures` and the notebook runner (papermill, checked like make run), both into
# scratch folders under .cache: the committed figures stay as they are
test: venv
	$(PY) -m pytest --nbmake tests notebooks
	rm -rf .cache/test-goldmember .cache/test-notebooks
	MPLBACKEND=Agg $(VENV)/bin/criticlens figures austin-powers-in-goldmember \
		--out .cache/test-goldmember --no-progress
	for f in $(filter-out blue-valentine,$(NOTEBOOK_FILMS)); do \
	  $(PY) -m criticlens.cli.teach $$f --executed-dir .cache/test-notebooks/$$f || exit 1; done

lab: venv
	env -u MPLBACKEND $(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --no-browser \
		--KernelManager.transport=ipc --notebook-dir=notebooks

SNIPPETS ?= ../shared/corpora/rotten_tomatoes_snippets.csv.bz2
DEV      ?= ../shared/corpora/polarity_v2_fold1.csv.bz2

train-engine: venv
	$(VENV)/bin/criticlens train-engine --snippets $(SNIPPETS) --dev $(DEV)

eval-reading: venv
	$(PY) benchmarks/eval_reading.py --snippets $(SNIPPETS) --dev $(DEV)

bench: venv
	$(PY) benchmarks/bench_pipeline.py --corpus $(CORPUS)

clean-cache: venv
	$(VENV)/bin/criticlens cache clear

readme:
	$(PYTHON) docs/build_readme.py

strip: venv
	$(VENV)/bin/nbstripout notebooks/*.ipynb

clean:
	rm -rf $(VENV) .cache .pytest_cache .hypothesis test-artifacts
