# The commands of the README. The work is in bin/ so it reads as plain shell.
.PHONY: run test test-fast db stop-db setup bench bench-cluster

run:  ## set up and serve the web app and the worker until Ctrl-C
	bin/run

test:  ## set up, lint, check migrations, run the whole suite on PostgreSQL
	bin/test

test-fast:  ## the same, without the browser, ops and fuzz tests, in parallel (pytest-xdist)
	bin/test-fast

db:  ## start only this checkout's PostgreSQL
	bin/db start

stop-db:
	bin/db stop

setup:
	bin/setup dev

bench:  ## the benchmarks under bench/ (see README)
	bin/setup dev && .venv/bin/python bench/run.py

bench-cluster:  ## two gunicorn instances behind nginx, pgbouncer and Redis: the burst and its checks
	bin/setup dev && .venv/bin/python bench/bench_cluster.py
