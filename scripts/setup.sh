#!/usr/bin/env bash
# Prepare .venv and the private PostgreSQL cluster, nothing else.
source "$(dirname "$0")/common.sh"
info "Ready: Odoo at $ODOO_SRC, PostgreSQL at $PGHOST:$PGPORT"
