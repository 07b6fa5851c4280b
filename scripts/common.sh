# shellcheck shell=bash
# Shared set-up for run.sh / test.sh: checks, venv, private PostgreSQL.
# Sourced, not executed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo/18.0}"
VENV="$ROOT/.venv"
RUNDIR="$ROOT/.run"
PGDATA_DIR="$ROOT/.pgdata"
HTTP_PORT="${HTTP_PORT:-8069}"
mkdir -p "$RUNDIR"

die() { echo "ERROR: $*" >&2; exit 1; }
info() { echo "==> $*"; }

# --- Odoo source -----------------------------------------------------------
[ -f "$ODOO_SRC/odoo-bin" ] || die "No Odoo 18 source at $ODOO_SRC: get the official Odoo 18.0 source (https://github.com/odoo/odoo, branch 18.0) and unpack it there, or set ODOO_SRC=/path/to/odoo."

# --- Debian packages ---------------------------------------------------------
need_pkgs=()
pg_bin=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && pg_bin="$d"; done
[ -n "$pg_bin" ] || need_pkgs+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_pkgs+=(chromium)
command -v wkhtmltopdf >/dev/null 2>&1 || need_pkgs+=(wkhtmltopdf)
command -v pdftotext >/dev/null 2>&1 || need_pkgs+=(poppler-utils)
# the reports are set in DejaVu Sans: a system font, so PDFs carry real text
# (docs/REPORTS.md); fontconfig comes with wkhtmltopdf
fc-list -q "DejaVu Sans" >/dev/null 2>&1 || need_pkgs+=(fonts-dejavu-core)
if [ ${#need_pkgs[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        info "Installing Debian packages: ${need_pkgs[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
        for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && pg_bin="$d"; done
    else
        die "Missing Debian packages: ${need_pkgs[*]}. Install them with: sudo apt-get install ${need_pkgs[*]}"
    fi
fi

# --- Python virtualenv ------------------------------------------------------
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
req_hash="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-test.txt" | sha1sum | cut -c1-12)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.req-hash" 2>/dev/null)" != "$req_hash" ]; then
    info "Preparing Python environment in .venv (one time, a few minutes)"
    [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV" || die "Could not create a virtualenv: install python3-venv (apt-get install python3-venv)."
    "$VENV/bin/pip" install -q --upgrade pip
    "$VENV/bin/pip" install -q -r "$ROOT/requirements.txt" -r "$ROOT/requirements-test.txt" \
        || die "pip could not install the requirements (see above); you need gcc, python3-dev, libpq-dev, libldap2-dev, libsasl2-dev."
    echo "$req_hash" > "$VENV/.req-hash"
fi
export PATH="$VENV/bin:$PATH"
# wkhtmltopdf (Qt) logs a warning with every PDF when there is no runtime directory
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    export XDG_RUNTIME_DIR="$RUNDIR/xdg-runtime"
    mkdir -p -m 700 "$XDG_RUNTIME_DIR"
fi
export PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}"

# --- PostgreSQL ---------------------------------------------------------------
# An external server is used when PG* variables are given; otherwise a private
# cluster of the project's own under .pgdata, loopback only, on its own port.
if [ -n "${PGHOST:-}" ] || [ -n "${PGPORT:-}" ] || [ -n "${PGUSER:-}" ]; then
    DB_HOST="${PGHOST:-localhost}"; DB_PORT="${PGPORT:-5432}"
    DB_USER="${PGUSER:-$(id -un)}"; DB_PASSWORD="${PGPASSWORD:-}"
    info "Using the PostgreSQL server at $DB_HOST:$DB_PORT as $DB_USER"
else
    DB_HOST=127.0.0.1; DB_USER=odoo; DB_PASSWORD=odoo
    as_pg() {
        # from / : the postgres user may not be able to enter the current folder
        if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
    }
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        # its own port: the first free one from 54329 on (or KUEMMERER_PGPORT)
        DB_PORT="${KUEMMERER_PGPORT:-}"
        if [ -z "$DB_PORT" ]; then
            for candidate in $(seq 54329 54399); do
                if ! "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$candidate" >/dev/null 2>&1 \
                    && ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
                    DB_PORT=$candidate; break
                fi
            done
        fi
        info "Creating the private PostgreSQL cluster in .pgdata (port $DB_PORT)"
        rm -rf "$PGDATA_DIR"
        if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$ROOT"; then
            # the checkout is not reachable for the postgres user (a clone in
            # /root, a `mktemp -d` folder): keep the data in a folder of its
            # own, linked as .pgdata for us; the postgres user gets the real
            # path (PGDATA_REAL) everywhere
            store="/var/tmp/kuemmerer-pgdata-$(echo "$ROOT" | sha1sum | cut -c1-10)"
            if [ -f "$store/postmaster.pid" ]; then
                as_pg "$pg_bin/pg_ctl" -D "$store" stop -m fast >/dev/null 2>&1 || true
            fi
            rm -rf "$store"; mkdir -p "$store"; chown postgres: "$store"; chmod 700 "$store"
            ln -s "$store" "$PGDATA_DIR"
            info "The postgres user cannot enter $ROOT: the cluster lives in $store"
        else
            mkdir -p "$PGDATA_DIR"
            [ "$(id -u)" = 0 ] && chown postgres: "$PGDATA_DIR"
        fi
        PGDATA_REAL="$(readlink -f "$PGDATA_DIR")"
        as_pg "$pg_bin/initdb" -D "$PGDATA_REAL" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
        cat >> "$PGDATA_REAL/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $DB_PORT
unix_socket_directories = '$PGDATA_REAL'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 512MB
CONF
    fi
    # .pgdata may be a link the postgres user cannot follow: hand it the real path
    PGDATA_REAL="$(readlink -f "$PGDATA_DIR")"
    DB_PORT="$(grep -E '^port = ' "$PGDATA_REAL/postgresql.conf" | tail -1 | awk '{print $3}')"
    if ! as_pg "$pg_bin/pg_ctl" -D "$PGDATA_REAL" status >/dev/null 2>&1; then
        as_pg "$pg_bin/pg_ctl" -D "$PGDATA_REAL" -l "$PGDATA_REAL/server.log" -w start >/dev/null \
            || die "The private PostgreSQL did not start; see $PGDATA_REAL/server.log."
    fi
    if ! "$pg_bin/psql" -h "$DB_HOST" -p "$DB_PORT" -U postgres -tAc "select 1 from pg_roles where rolname='odoo'" postgres | grep -q 1; then
        "$pg_bin/psql" -q -h "$DB_HOST" -p "$DB_PORT" -U postgres -c "create role odoo login createdb password 'odoo'" postgres
    fi
fi
export PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD"

PSQL=(psql)
[ -n "$pg_bin" ] && PSQL=("$pg_bin/psql")
db_exists() { "${PSQL[@]}" -tAc "select 1 from pg_database where datname='$1'" postgres 2>/dev/null | grep -q 1; }
drop_db() { "${PSQL[@]}" -q -c "drop database if exists \"$1\" with (force)" postgres; }

# Odoo configuration file for this checkout
write_odoo_conf() {  # $1 = file, $2 = database, $3 = http port, [$4 = folder holding kuemmerer_addon]
    cat > "$1" <<CONF
[options]
addons_path = $ODOO_SRC/addons,$ODOO_SRC/odoo/addons,${4:-$ROOT}
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
db_name = $2
dbfilter = ^$2\$
http_interface = 127.0.0.1
http_port = $3
data_dir = $RUNDIR/filestore
list_db = False
CONF
}
odoo() { "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "$@"; }
