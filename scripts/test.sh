#!/usr/bin/env bash
# make test: fresh databases, install-log check (with and without demo data),
# then the whole suite through pytest-odoo with --odoo-http (tours in chromium).
source "$(dirname "$0")/common.sh"
DB="${KUEMMERER_TEST_DB:-kuemmerer_test}"
DB_DEMO="${DB}_demo"
TEST_HTTP_PORT="${TEST_HTTP_PORT:-8169}"
CONF="$RUNDIR/odoo-test.conf"
write_odoo_conf "$CONF" "$DB" "$TEST_HTTP_PORT"
LOGDIR="$RUNDIR/logs"; mkdir -p "$LOGDIR"

check_log() {  # $1 = log file, $2 = label
    if grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) " "$1" >/dev/null; then
        echo "Install log of $2 has warnings or errors:" >&2
        grep -E -A3 "^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) " "$1" | head -40 >&2
        return 1
    fi
    info "Install log of $2: no WARNING or ERROR"
}

install_db() {  # $1 = database, $2 = label, extra args...
    local db="$1" label="$2"; shift 2
    drop_db "$db"
    info "Installing kuemmerer_addon into a fresh database $db ($label)"
    odoo -c "$CONF" -d "$db" -i kuemmerer_addon --stop-after-init --log-level=info \
        --logfile="$LOGDIR/install-$db.log" "$@" \
        || { tail -40 "$LOGDIR/install-$db.log" >&2; die "Installation into $db failed."; }
    check_log "$LOGDIR/install-$db.log" "$label"
}

status=0
if [ -z "${KUEMMERER_SKIP_DEMO_INSTALL:-}" ]; then
    install_db "$DB_DEMO" "with demo data" --load-language=de_DE || status=1
    drop_db "$DB_DEMO"
fi
install_db "$DB" "without demo data" --without-demo=all || status=1

info "Running the test suite (pytest-odoo, --odoo-http)"
cd "$ROOT"
set +e
KUEMMERER_ROOT="$ROOT" pytest -p no:cacheprovider --odoo-config="$CONF" --odoo-database="$DB" \
    --odoo-http --odoo-log-level=warn "${PYTEST_ARGS[@]:-}" ${PYTEST_ADDOPTS_EXTRA:-} \
    "${@:-kuemmerer_addon/tests}"
rc=$?
set -e
[ $rc -ne 0 ] && status=$rc

# A small run of `make bench` checks that the benchmark itself works: the
# generator, every measurement (items 5 and 7 over HTTP included) and the
# summary line; one repetition, timings are not judged here. Part of the full
# run; skipped when only some tests are given or with KUEMMERER_TEST_BENCH=0.
if [ "${KUEMMERER_TEST_BENCH:-$([ $# -eq 0 ] && echo 1 || echo 0)}" != "0" ]; then
    info "Benchmark smoke run (SIZE=small, one repetition)"
    out="$(SIZE=small KUEMMERER_BENCH_REPS=1 bash "$ROOT/scripts/bench.sh" 2>&1)" || { echo "$out" >&2; status=1; }
    echo "$out" | tail -26
    echo "$out" | tail -1 | grep -Eq '^bench: [0-9]+ of [0-9]+ budgets met$' \
        || { echo "The benchmark did not print its summary line." >&2; status=1; }
    if echo "$out" | grep -q "not measured"; then
        echo "The benchmark left items unmeasured." >&2; status=1
    fi
    echo "$out" | grep -Eq '^\| 7 +\| 20 concurrent portal sign-ups.*\| yes \|$' \
        || { echo "The benchmark's concurrent sign-ups did not give 1 registration and 19 refusals." >&2; status=1; }
fi
exit $status
