#!/usr/bin/env bash
# make stop: stop the mail sink of `make run` and the private PostgreSQL
# cluster (no-op for an external server). --mailsink-only: only the sink.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
pidfile="$ROOT/.run/mailsink.pid"
if [ -f "$pidfile" ]; then
    pid="$(cat "$pidfile")"
    # only our sink: the process id may have been reused since
    if grep -qs "mailsink.py" "/proc/$pid/cmdline"; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$pidfile"
fi
[ "${1:-}" = "--mailsink-only" ] && exit 0
[ -f "$ROOT/.pgdata/PG_VERSION" ] || exit 0
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && pg_bin="$d"; done
# .pgdata may link to /var/tmp (see common.sh): the postgres user gets the real path
pgdata="$(readlink -f "$ROOT/.pgdata")"
if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pgdata" stop -m fast)
else "$pg_bin/pg_ctl" -D "$pgdata" stop -m fast; fi
