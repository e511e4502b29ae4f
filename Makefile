# The two commands of the README. The work is in bin/ so it reads as plain shell.
.PHONY: run test db stop-db setup bench

run:  ## set up and serve the web app and the worker until Ctrl-C
	bin/run

test:  ## set up, lint, check migrations, run the whole suite on PostgreSQL
	bin/test

db:  ## start only this checkout's PostgreSQL
	bin/db start

stop-db:
	bin/db stop

setup:
	bin/setup dev

bench:  ## the benchmarks under bench/ (see README)
	bin/setup dev && .venv/bin/python bench/run.py
