#!/usr/bin/env bash
# Test of scripts/common.sh: as root, in a checkout the postgres user cannot
# enter (a `mktemp -d` folder, mode 700, like a clone in /root), the private
# cluster is created in /var/tmp, linked as .pgdata, starts, answers, stops
# with `make stop` and starts again. Run by `make test`; a few seconds.
set -euo pipefail
SRC="$(cd "$(dirname "$0")/../.." && pwd)"

if [ "$(id -u)" != 0 ] || ! id postgres >/dev/null 2>&1; then
    echo "test_pgdata_fallback: skipped (needs root and a postgres user)"
    exit 0
fi

tmp="$(mktemp -d)"
checkout="$tmp/checkout"
# where common.sh puts the cluster of this checkout
store="/var/tmp/kuemmerer-pgdata-$(echo "$checkout" | sha1sum | cut -c1-10)"
cleanup() {
    if [ -f "$store/postmaster.pid" ]; then
        (cd / && runuser -u postgres -- "$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)")/pg_ctl" \
            -D "$store" stop -m fast >/dev/null 2>&1) || true
    fi
    rm -rf "$store" "$tmp"
}
trap cleanup EXIT
fail() { echo "test_pgdata_fallback: FAILED: $*" >&2; exit 1; }

# a checkout with the scripts and the same requirements (so the virtualenv of
# this one is reused as it is)
mkdir -p "$checkout"
cp -r "$SRC/scripts" "$SRC/requirements.txt" "$SRC/requirements-test.txt" "$checkout/"
ln -s "$(readlink -f "$SRC/.venv")" "$checkout/.venv"
[ "$(stat -c %a "$tmp")" = 700 ] || fail "mktemp -d did not give a mode-700 folder"
runuser -u postgres -- test -x "$checkout" && fail "the postgres user can enter $checkout"

# a fresh private cluster: no external server, a port of its own
setup() {
    env -u PGHOST -u PGPORT -u PGUSER -u PGPASSWORD -u KUEMMERER_PGPORT \
        bash "$checkout/scripts/setup.sh"
}
out="$(setup 2>&1)" || fail "setup.sh failed: $out"
[ -L "$checkout/.pgdata" ] || fail ".pgdata is not a link: $out"
[ "$(readlink -f "$checkout/.pgdata")" = "$store" ] || fail ".pgdata links to $(readlink -f "$checkout/.pgdata"), not $store"
[ "$(stat -c %U "$store")" = postgres ] || fail "$store does not belong to postgres"
grep -q "^unix_socket_directories = '$store'$" "$store/postgresql.conf" \
    || fail "postgresql.conf does not name the real path $store"
port="$(grep -E '^port = ' "$store/postgresql.conf" | tail -1 | awk '{print $3}')"
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/psql" ] && pg_bin="$d"; done
answer() {
    PGPASSWORD=odoo "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U odoo -tAc "select 42" postgres 2>&1
}
[ "$(answer)" = 42 ] || fail "the cluster on port $port does not answer: $(answer)"

# `make stop`, then the next run starts the existing cluster again
bash "$checkout/scripts/stop.sh" >/dev/null || fail "stop.sh failed"
[ "$(answer)" != 42 ] || fail "the cluster still answers after stop.sh"
out="$(setup 2>&1)" || fail "setup.sh on the existing cluster failed: $out"
[ "$(answer)" = 42 ] || fail "the cluster did not start again: $(answer)"
echo "test_pgdata_fallback: ok (cluster in $store, port $port)"
