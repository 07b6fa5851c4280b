#!/usr/bin/env bash
# make screenshots: each role's main screens as PNG in docs/screens/, taken in
# Chromium (playwright) from a fresh database with the German demo data,
# served on its own port: the Kümmerer at 1024 x 768 and on a tablet held
# upright (768 x 1024), staff and the coordinator at 1024 x 768, the volunteer
# on a phone (375 x 812). See scripts/screenshots.py for the list.
#   SHOTS_HTTP_PORT (8079)   port of the Odoo served for the pictures
#   KUEMMERER_SHOTS_DB       database (kuemmerer_shots; made anew each time)
#   SHOTS_VENV               virtualenv with playwright (.venv-shots; made
#                            with pip on first use, no `playwright install`:
#                            the browser is the system's Chromium)
#   SHOTS_ONLY               only the pictures whose name contains this
source "$(dirname "$0")/common.sh"
DB="${KUEMMERER_SHOTS_DB:-kuemmerer_shots}"
PORT="${SHOTS_HTTP_PORT:-8079}"
CONF="$RUNDIR/odoo-shots.conf"
SHOTS_VENV="${SHOTS_VENV:-$ROOT/.venv-shots}"
OUT="$ROOT/docs/screens"
LOG="$RUNDIR/logs/screenshots-odoo.log"
rm -f "$LOG"  # Odoo appends to a log file
CHROMIUM="${CHROMIUM:-$(command -v chromium || true)}"
[ -x "$CHROMIUM" ] || die "No Chromium found (apt-get install chromium, or CHROMIUM=/path/to/chromium)."
mkdir -p "$RUNDIR/logs" "$OUT"

# --- playwright, in a virtualenv of its own (not in .venv: Odoo does not need it)
if ! "$SHOTS_VENV/bin/python" -c "import playwright.sync_api" 2>/dev/null; then
    info "Preparing $SHOTS_VENV with playwright (one time)"
    [ -x "$SHOTS_VENV/bin/python" ] || "$PY" -m venv "$SHOTS_VENV" || die "Could not create $SHOTS_VENV."
    "$SHOTS_VENV/bin/pip" install -q playwright || die "pip could not install playwright."
fi

# --- a fresh database with the German demo data, as make run makes it
write_odoo_conf "$CONF" "$DB" "$PORT"
drop_db "$DB"
rm -rf "${RUNDIR:?}/filestore/filestore/$DB"
info "Installing kuemmerer_addon with German demo data into $DB"
odoo -c "$CONF" -d "$DB" -i kuemmerer_addon --load-language=de_DE --language=de_DE \
    --stop-after-init --log-level=warn \
    || { drop_db "$DB"; die "Installing kuemmerer_addon failed (see above)."; }
"${PSQL[@]}" -q -d "$DB" -c "update res_partner set lang='de_DE'; update res_lang set active=true where code='de_DE';"

# the records the pictures show, by their xml ids
ids="$("${PSQL[@]}" -qtA -F= -d "$DB" <<'SQL'
SELECT name, res_id FROM ir_model_data
 WHERE module = 'kuemmerer_addon'
   AND name IN ('resident_gertrud_hahn_file_demo', 'need_gertrud_hahn_demo', 'visit_gertrud_hahn_demo');
SQL
)"

# --- serve it, take the pictures, stop it
info "Serving $DB on http://127.0.0.1:$PORT"
# (not through the odoo() function: $! must be Odoo's own process)
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --http-port "$PORT" --log-level=warn \
    --logfile="$LOG" --max-cron-threads=0 &
odoo_pid=$!
trap 'kill "$odoo_pid" 2>/dev/null; wait "$odoo_pid" 2>/dev/null' EXIT
for _ in $(seq 120); do
    kill -0 "$odoo_pid" 2>/dev/null || die "Odoo did not start (see $LOG)."
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.5
done
# shellcheck disable=SC2086
"$SHOTS_VENV/bin/python" "$ROOT/scripts/screenshots.py" --url "http://127.0.0.1:$PORT" \
    --chromium "$CHROMIUM" --out "$OUT" ${SHOTS_ONLY:+--only "$SHOTS_ONLY"} $ids
info "Screenshots in docs/screens/ ($(find "$OUT" -name '*.png' | wc -l) pictures)"
