#!/usr/bin/env bash
# Stop the private PostgreSQL cluster (no-op for an external server).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
[ -f "$ROOT/.pgdata/PG_VERSION" ] || exit 0
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && pg_bin="$d"; done
# .pgdata may link to /var/tmp (see common.sh): the postgres user gets the real path
pgdata="$(readlink -f "$ROOT/.pgdata")"
if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pgdata" stop -m fast)
else "$pg_bin/pg_ctl" -D "$pgdata" stop -m fast; fi
