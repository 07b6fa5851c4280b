#!/usr/bin/env bash
# make bench SIZE=small|medium|large: build (or reuse) kuemmerer_bench_<size>,
# then measure the budgets of issue 9 and print one table. See docs/PERFORMANCE.md.
source "$(dirname "$0")/common.sh"
SIZE="${SIZE:-small}"
case "$SIZE" in small) SMALLER="";; medium) SMALLER=small;; large) SMALLER=medium;;
    *) die "SIZE must be small, medium or large";; esac
BENCH_PORT="${BENCH_HTTP_PORT:-8189}"
# the HTTP items' server (worker processes) listens there too, its gevent
# worker on BENCH_GEVENT_PORT (default: the next port)
export KUEMMERER_BENCH_HTTP_PORT="${KUEMMERER_BENCH_HTTP_PORT:-$BENCH_PORT}"
export KUEMMERER_BENCH_GEVENT_PORT="${KUEMMERER_BENCH_GEVENT_PORT:-${BENCH_GEVENT_PORT:-$((KUEMMERER_BENCH_HTTP_PORT + 1))}}"
BASE_DB=kuemmerer_bench_base
# the installed addon must match the code: a fingerprint of the addon's sources
FINGERPRINT="$(cd "$ROOT" && find kuemmerer_addon scripts/bench/generate.py -name '*.py' -o -name '*.xml' -o -name '*.csv' \
    | grep -v /tests/ | sort | xargs cat | sha1sum | cut -c1-12)"

db_fingerprint() {
    "${PSQL[@]}" -tAc "select value from ir_config_parameter where key='kuemmerer_bench.fingerprint'" "$1" 2>/dev/null || true
}

ensure_base() {
    local conf="$RUNDIR/odoo-bench-base.conf"
    if db_exists "$BASE_DB" && [ "$(db_fingerprint "$BASE_DB")" = "$FINGERPRINT" ]; then return; fi
    write_odoo_conf "$conf" "$BASE_DB" "$BENCH_PORT"
    drop_db "$BASE_DB"
    info "Installing kuemmerer_addon into $BASE_DB (no demo data)"
    odoo -c "$conf" -d "$BASE_DB" -i kuemmerer_addon --without-demo=all --load-language=de_DE \
        --stop-after-init --log-level=warn || die "Installation into $BASE_DB failed."
    "${PSQL[@]}" -q -c "insert into ir_config_parameter (key, value) values ('kuemmerer_bench.fingerprint', '$FINGERPRINT')" "$BASE_DB"
}

ensure_db() {  # $1 = size
    local size="$1" db="kuemmerer_bench_$1" conf="$RUNDIR/odoo-bench-$1.conf"
    write_odoo_conf "$conf" "$db" "$BENCH_PORT"
    if [ -z "${KUEMMERER_BENCH_REBUILD:-}" ] && db_exists "$db" \
        && [ "$(db_fingerprint "$db")" = "$FINGERPRINT" ] \
        && [ -n "$("${PSQL[@]}" -tAc "select value from ir_config_parameter where key='kuemmerer_bench.build_seconds'" "$db")" ]; then
        info "Reusing $db"
        return
    fi
    ensure_base
    drop_db "$db"
    "${PSQL[@]}" -q -c "create database \"$db\" template \"$BASE_DB\"" postgres
    info "Generating the $size data set into $db"
    local start=$SECONDS
    python "$ROOT/scripts/bench/generate.py" -c "$conf" -d "$db" --size "$size" || die "Generating $db failed."
    info "Built $db in $((SECONDS - start)) s"
}

[ -n "$SMALLER" ] && ensure_db "$SMALLER"
ensure_db "$SIZE"
for s in $SMALLER $SIZE; do
    printf '==> %s: built in %s s\n' "kuemmerer_bench_$s" \
        "$("${PSQL[@]}" -tAc "select value from ir_config_parameter where key='kuemmerer_bench.build_seconds'" "kuemmerer_bench_$s")"
done
info "nproc $(nproc); memory $(free -h | awk '/^Mem:/ {print $2}')"
args=(-c "$RUNDIR/odoo-bench-$SIZE.conf" -d "kuemmerer_bench_$SIZE" --size "$SIZE" --json "$RUNDIR/bench-$SIZE.json")
[ -n "$SMALLER" ] && args+=(--compare "kuemmerer_bench_$SMALLER" --compare-size "$SMALLER")
python "$ROOT/scripts/bench/measure.py" "${args[@]}"
