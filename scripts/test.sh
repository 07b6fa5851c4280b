#!/usr/bin/env bash
# make test: fresh databases, install-log check (with and without demo data),
# then the whole suite through pytest-odoo with --odoo-http (tours in chromium);
# then, in the full run: the tests of scripts/, the portal and tour tests beside
# the apps a cooperative runs, the upgrade from the last release, and a small
# benchmark run. Each of these four is on when no tests are given and off when
# some are; KUEMMERER_TEST_SCRIPTS / _APPS / _UPGRADE / _BENCH = 0 or 1 override.
source "$(dirname "$0")/common.sh"
FULL_RUN=$([ $# -eq 0 ] && echo 1 || echo 0)
step_on() { [ "${!1:-$FULL_RUN}" != "0" ]; }
declare -A STEP_SECONDS=()
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

install_db() {  # $1 = database, $2 = label, $3 = config, $4 = modules, extra args...
    local db="$1" label="$2" conf="$3" modules="$4"; shift 4
    drop_db "$db"
    rm -f "$LOGDIR/install-$db.log"  # Odoo appends to a log file
    info "Installing $modules into a fresh database $db ($label)"
    odoo -c "$conf" -d "$db" -i "$modules" --stop-after-init --log-level=info \
        --logfile="$LOGDIR/install-$db.log" "$@" \
        || { tail -40 "$LOGDIR/install-$db.log" >&2; die "Installation into $db failed."; }
    check_log "$LOGDIR/install-$db.log" "$label"
}

run_pytest() {  # $1 = config, $2 = database, test files or folders...
    local conf="$1" db="$2" rc; shift 2
    cd "$ROOT"
    set +e
    KUEMMERER_ROOT="$ROOT" pytest -p no:cacheprovider --odoo-config="$conf" --odoo-database="$db" \
        --odoo-http --odoo-log-level=warn "${PYTEST_ARGS[@]:-}" ${PYTEST_ADDOPTS_EXTRA:-} "$@"
    rc=$?
    set -e
    return $rc
}

status=0

# --- first, OCA's pre-commit toolchain on all files (scripts/lint.sh, make
# lint); like the steps below, on in the full run (KUEMMERER_TEST_LINT=0/1)
if step_on KUEMMERER_TEST_LINT; then
    start=$SECONDS
    bash "$ROOT/scripts/lint.sh" || status=1
    STEP_SECONDS[lint]=$((SECONDS - start))
fi

# --- the tests of scripts/ (e.g. the PostgreSQL fallback for checkouts the
# postgres user cannot enter): a few seconds
if step_on KUEMMERER_TEST_SCRIPTS; then
    start=$SECONDS
    for script_test in "$ROOT"/scripts/tests/test_*.sh; do
        info "Script test $(basename "$script_test")"
        bash "$script_test" || { echo "Script test $script_test failed." >&2; status=1; }
    done
    STEP_SECONDS[scripts]=$((SECONDS - start))
fi

start=$SECONDS
if [ -z "${KUEMMERER_SKIP_DEMO_INSTALL:-}" ]; then
    install_db "$DB_DEMO" "with demo data" "$CONF" kuemmerer_addon --load-language=de_DE || status=1
    drop_db "$DB_DEMO"
fi
install_db "$DB" "without demo data" "$CONF" kuemmerer_addon --without-demo=all || status=1
STEP_SECONDS[install]=$((SECONDS - start))

info "Running the test suite (pytest-odoo, --odoo-http)"
start=$SECONDS
run_pytest "$CONF" "$DB" "${@:-kuemmerer_addon/tests}" || status=$?
STEP_SECONDS[suite]=$((SECONDS - start))

# --- beside the apps a cooperative already runs: the addon installed together
# with them (no demo data) must log no warning, and the tests of the portal,
# the tours and the click-everywhere bot pass there too (HttpCase; selected by
# name: module, class or test containing "portal", "tour" or "click"), among
# them test_portal_coexistence.py (Project's /my/tasks beside ours), the
# public pages without login and the report printed over /report/ (both
# website pages once the website app is installed).
APPS="project,hr,hr_skills,event,website,survey,sale_management,account"
APPS_TESTS="portal or tour or click"
if step_on KUEMMERER_TEST_APPS; then
    start=$SECONDS
    DB_APPS="${DB}_apps"
    CONF_APPS="$RUNDIR/odoo-test-apps.conf"
    write_odoo_conf "$CONF_APPS" "$DB_APPS" "$TEST_HTTP_PORT"
    if install_db "$DB_APPS" "beside the apps" "$CONF_APPS" "kuemmerer_addon,$APPS" --without-demo=all; then
        STEP_SECONDS[apps_install]=$((SECONDS - start))
        info "Installed beside the apps in ${STEP_SECONDS[apps_install]} s"
        info "Portal, tour and clickbot tests beside the apps (-k \"$APPS_TESTS\")"
        run_pytest "$CONF_APPS" "$DB_APPS" -k "$APPS_TESTS" "$ROOT/kuemmerer_addon/tests" || status=1
    else
        status=1
    fi
    STEP_SECONDS[apps]=$((SECONDS - start))
fi

# --- upgrade from the last release (RELEASE_COMMIT): installed with German
# demo data from `git archive`, snapshot, `-u kuemmerer_addon` with the
# working tree, clean update log, every record and the sampled values kept
# (declared moves and drops: UPGRADE_MAPPING.toml; see scripts/upgrade_check.py)
upgrade_check() {
    local release release_dir release_key db_up="${DB}_upgrade" db_release="${DB}_release"
    local conf_release="$RUNDIR/odoo-test-release.conf" conf_up="$RUNDIR/odoo-test-upgrade.conf"
    local filestore="$RUNDIR/filestore/filestore" snapshot="$LOGDIR/upgrade-snapshot.json" rc=0
    release="$(tr -d '[:space:]' < "$ROOT/RELEASE_COMMIT")"
    if ! git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
        echo "The upgrade check needs a git clone of the repository (KUEMMERER_TEST_UPGRADE=0 skips it)." >&2
        return 1
    fi
    if ! git -C "$ROOT" cat-file -e "$release^{commit}" 2>/dev/null \
            && [ "$(git -C "$ROOT" rev-parse --is-shallow-repository)" = true ]; then
        info "Upgrade check: fetching the history of this shallow clone"
        git -C "$ROOT" fetch -q --unshallow || true
    fi
    if ! git -C "$ROOT" cat-file -e "$release^{commit}" 2>/dev/null; then
        echo "The last release $release (RELEASE_COMMIT) is not in this clone: fetch the history" \
             "(git fetch --unshallow) or skip the check with KUEMMERER_TEST_UPGRADE=0." >&2
        return 1
    fi
    release_dir="$RUNDIR/release-${release:0:12}"
    if [ ! -f "$release_dir/kuemmerer_addon/__manifest__.py" ]; then
        rm -rf "$release_dir"; mkdir -p "$release_dir"
        git -C "$ROOT" archive "$release" kuemmerer_addon | tar -x -C "$release_dir" \
            || { echo "git archive of the release $release failed." >&2; return 1; }
    fi
    write_odoo_conf "$conf_release" "$db_release" "$TEST_HTTP_PORT" "$release_dir"
    write_odoo_conf "$conf_up" "$db_up" "$TEST_HTTP_PORT"
    # the release's installation is kept as a template database for the next
    # run, as long as release, Odoo and the requirements are the same
    release_key="$release $(sha1sum "$ODOO_SRC/odoo/release.py" | cut -c1-12) $req_hash"
    if [ "$("${PSQL[@]}" -tAc "select shobj_description(oid, 'pg_database') from pg_database
                               where datname = '$db_release'" postgres)" != "$release_key" ]; then
        drop_db "$db_release"; rm -rf "${filestore:?}/$db_release"
        info "Upgrade check: installing the release ${release:0:12} with German demo data"
        rm -f "$LOGDIR/release-$db_release.log"
        if ! odoo -c "$conf_release" -d "$db_release" -i kuemmerer_addon --load-language=de_DE \
                --stop-after-init --log-level=info --logfile="$LOGDIR/release-$db_release.log"; then
            tail -40 "$LOGDIR/release-$db_release.log" >&2
            drop_db "$db_release"
            echo "Installing the release ${release:0:12} failed." >&2
            return 1
        fi
        "${PSQL[@]}" -q -c "comment on database \"$db_release\" is '$release_key'" postgres
    else
        info "Upgrade check: the release ${release:0:12} as installed before (database $db_release)"
    fi
    drop_db "$db_up"; rm -rf "${filestore:?}/$db_up"
    "${PSQL[@]}" -q -c "create database \"$db_up\" template \"$db_release\"" postgres || return 1
    if [ -d "$filestore/$db_release" ]; then cp -a "$filestore/$db_release" "$filestore/$db_up"; fi
    python "$ROOT/scripts/upgrade_check.py" before "$db_up" "$snapshot" "$release_dir/kuemmerer_addon" \
        || return 1
    info "Upgrade check: -u kuemmerer_addon with the working tree"
    rm -f "$LOGDIR/upgrade-$db_up.log"
    if ! odoo -c "$conf_up" -d "$db_up" -u kuemmerer_addon --stop-after-init --log-level=info \
            --logfile="$LOGDIR/upgrade-$db_up.log"; then
        tail -40 "$LOGDIR/upgrade-$db_up.log" >&2
        echo "The update from the release ${release:0:12} failed." >&2
        return 1
    fi
    check_log "$LOGDIR/upgrade-$db_up.log" "the update from the release ${release:0:12}" || rc=1
    python "$ROOT/scripts/upgrade_check.py" after "$db_up" "$snapshot" "$ROOT/UPGRADE_MAPPING.toml" || rc=1
    return $rc
}
if step_on KUEMMERER_TEST_UPGRADE; then
    start=$SECONDS
    upgrade_check || status=1
    STEP_SECONDS[upgrade]=$((SECONDS - start))
fi

# A small run of `make bench` checks that the benchmark itself works: the
# generator, every measurement (items 5 and 7 over HTTP included) and the
# summary line; one repetition, timings are not judged here. Part of the full
# run; skipped when only some tests are given or with KUEMMERER_TEST_BENCH=0.
if step_on KUEMMERER_TEST_BENCH; then
    start=$SECONDS
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
    STEP_SECONDS[bench]=$((SECONDS - start))
fi

summary=""
for step in lint scripts install suite apps upgrade bench; do
    [ -n "${STEP_SECONDS[$step]:-}" ] && summary+=" $step ${STEP_SECONDS[$step]} s,"
done
info "Times:${summary%,}; total ${SECONDS} s"
[ $status -eq 0 ] && info "make test: all passed" || echo "make test: FAILED (see above)" >&2
exit $status
