.PHONY: help setup reports test data fetch bench

help:  ## list the targets
	@grep -E "^[a-z]+:.*## " $(MAKEFILE_LIST) | sed -E "s/:.*## /\t/"

setup:  ## install wla into .venv and register the Jupyter kernel "wla"
	bash scripts/setup

reports: setup  ## build the default reports (kielregion vs coburg) into reports/
	.venv/bin/wla report

test:  ## run the test suite (what CI runs)
	bash scripts/test

data: setup  ## rebuild data/ from the raw files in ../shared/data
	.venv/bin/wla snapshot

fetch: setup  ## refresh from the GENESIS web service (needs credentials, see README)
	.venv/bin/wla fetch

bench: setup  ## measure speed as ratios to floors (benchmarks/README.md)
	.venv/bin/python benchmarks/run.py
