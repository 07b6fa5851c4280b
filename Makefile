# Kümmerer for Odoo: developer commands. See README.md.
ODOO_SRC ?= /opt/odoo/18.0
SIZE ?= small
export ODOO_SRC SIZE

.PHONY: run test lint bench screenshots setup stop shell clean-db

run:            ## Serve Odoo with German demo data at http://localhost:8069 (HTTP_PORT=8070 for another port)
	@bash scripts/run.sh

test:           ## Fresh test database, install log check, full pytest-odoo suite
	@bash scripts/test.sh

screenshots:    ## Each role's main screens as PNG in docs/screens/ (a fresh demo database, Chromium)
	@bash scripts/screenshots.sh

lint:           ## OCA's pre-commit toolchain on all files (ruff, pylint-odoo, prettier, ...)
	@bash scripts/lint.sh

setup:          ## Only prepare .venv and the private PostgreSQL cluster
	@bash scripts/setup.sh

stop:           ## Stop the private PostgreSQL cluster
	@bash scripts/stop.sh

bench:          ## Benchmark (SIZE=small|medium|large)
	@bash scripts/bench.sh
