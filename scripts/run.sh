#!/usr/bin/env bash
# make run: serve Odoo with the addon and German demo data; outgoing mail goes
# to a local mail sink (scripts/mailsink.py) whose inbox is a web page.
source "$(dirname "$0")/common.sh"
DB="${KUEMMERER_DB:-kuemmerer_demo}"
CONF="$RUNDIR/odoo-run.conf"
MAIL_SMTP_PORT="${MAIL_SMTP_PORT:-1025}"
MAIL_HTTP_PORT="${MAIL_HTTP_PORT:-8025}"
MAIL_DIR="$RUNDIR/mail"
MAIL_SERVER_NAME="Mail-Sammler der Demo (make run)"
write_odoo_conf "$CONF" "$DB" "$HTTP_PORT"
if ! db_exists "$DB"; then
    info "Creating database $DB (German, with demo data) and installing kuemmerer_addon"
    odoo -c "$CONF" -d "$DB" -i kuemmerer_addon --load-language=de_DE --language=de_DE \
        --stop-after-init --log-level=warn \
        || { drop_db "$DB"; die "Installing kuemmerer_addon failed (see above)."; }
    # Everyone in the demo works in German.
    "${PSQL[@]}" -q -d "$DB" -c "update res_partner set lang='de_DE'; update res_lang set active=true where code='de_DE';"
fi

# --- the mail sink: every e-mail of the demo lands in .run/mail and in the
# inbox at http://localhost:$MAIL_HTTP_PORT, none leaves the machine
bash "$ROOT/scripts/stop.sh" --mailsink-only  # one of an earlier run, maybe on other ports
"$VENV/bin/python" "$ROOT/scripts/mailsink.py" --smtp-port "$MAIL_SMTP_PORT" \
    --http-port "$MAIL_HTTP_PORT" --dir "$MAIL_DIR" >> "$RUNDIR/mailsink.log" 2>&1 &
echo $! > "$RUNDIR/mailsink.pid"
trap 'bash "$ROOT/scripts/stop.sh" --mailsink-only' EXIT
sink_ready=""
for _ in $(seq 50); do
    kill -0 "$(cat "$RUNDIR/mailsink.pid")" 2>/dev/null || break
    if (exec 3<>"/dev/tcp/127.0.0.1/$MAIL_SMTP_PORT") 2>/dev/null \
        && (exec 3<>"/dev/tcp/127.0.0.1/$MAIL_HTTP_PORT") 2>/dev/null; then
        sink_ready=1; break
    fi
    sleep 0.2
done
[ -n "$sink_ready" ] || die "The mail sink did not start (are the ports $MAIL_SMTP_PORT and $MAIL_HTTP_PORT in use?): see .run/mailsink.log. Choose others with MAIL_SMTP_PORT=… MAIL_HTTP_PORT=… make run"
# the demo database's outgoing mail server points at the sink (created here,
# not by the addon: a real database keeps its own); the first time, mails
# that failed before (no mail server) are queued again
created="$("${PSQL[@]}" -qtA -d "$DB" -v name="$MAIL_SERVER_NAME" -v port="$MAIL_SMTP_PORT" <<'SQL'
WITH updated AS (
    UPDATE ir_mail_server
       SET smtp_host = '127.0.0.1', smtp_port = :port, smtp_encryption = 'none',
           smtp_authentication = 'login', smtp_user = NULL, smtp_pass = NULL,
           from_filter = NULL, active = true, write_date = now() at time zone 'utc'
     WHERE name = :'name'
 RETURNING id
)
INSERT INTO ir_mail_server (name, smtp_host, smtp_port, smtp_encryption, smtp_authentication,
                            sequence, active, smtp_debug, create_uid, write_uid, create_date, write_date)
SELECT :'name', '127.0.0.1', :port, 'none', 'login', 1, true, false, 1, 1,
       now() at time zone 'utc', now() at time zone 'utc'
 WHERE NOT EXISTS (SELECT 1 FROM updated)
RETURNING id;
SQL
)"
# links and the logo in the mails point at this server (Odoo sets the address
# only when the administrator logs in)
"${PSQL[@]}" -q -d "$DB" -v url="http://localhost:$HTTP_PORT" <<'SQL'
UPDATE ir_config_parameter SET value = :'url', write_date = now() at time zone 'utc'
 WHERE key = 'web.base.url'
   AND NOT EXISTS (SELECT 1 FROM ir_config_parameter WHERE key = 'web.base.url.freeze' AND value NOT IN ('', 'False'));
SQL
if [ -n "$created" ]; then
    "${PSQL[@]}" -q -d "$DB" <<'SQL'
UPDATE mail_mail SET state = 'outgoing', failure_reason = NULL, failure_type = NULL
 WHERE state = 'exception' AND failure_reason ILIKE '%connection refused%';
UPDATE ir_cron SET nextcall = now() at time zone 'utc'
 WHERE id = (SELECT res_id FROM ir_model_data
              WHERE module = 'mail' AND name = 'ir_cron_mail_scheduler_action');
SQL
fi

cat <<MSG

  Kümmerer for Odoo läuft: http://localhost:$HTTP_PORT  (Datenbank $DB)
  Die Demo: Wohnungsgenossenschaft Lindenhof eG (erfunden), Quartiere Lindenhof und Am Mühlgraben.

  Anmeldungen (Benutzer / Passwort):
    admin        / admin         Administrator
    koordination / koordination  Koordinatorin (Kümmerer-Verwaltung)
    kuemmerer    / kuemmerer     Kümmerin Quartier Lindenhof
    kuemmerer2   / kuemmerer2    Kümmerer Quartier Am Mühlgraben
    verwaltung   / verwaltung    Mitarbeiter der Wohnungsverwaltung
    ehrenamt     / ehrenamt      Ehrenamtliche im Portal (/my)

  E-Mails der Demo (Einladungen, Anfragen an Netzwerkpartner …) verlassen den
  Rechner nicht; lesen Sie sie hier: http://localhost:$MAIL_HTTP_PORT
  (als Dateien: .run/mail/*.eml)

  Beenden mit Strg+C.
MSG
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --http-port "$HTTP_PORT" --log-level=warn
