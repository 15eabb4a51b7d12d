# Both targets create or refresh .venv first, so they work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP_VERSION := 26.3

.PHONY: demo test bench venv clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade 'pip==$(PIP_VERSION)'
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,embedded]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/epaper demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,embedded,bench]'
	$(BIN)/python bench/speed.py
	$(BIN)/python bench/search_bench.py

clean:
	rm -rf $(VENV) data .pytest_cache
