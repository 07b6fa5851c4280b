#!/usr/bin/env bash
# make run: serve Odoo with the addon and German demo data.
source "$(dirname "$0")/common.sh"
DB="${KUEMMERER_DB:-kuemmerer_demo}"
CONF="$RUNDIR/odoo-run.conf"
write_odoo_conf "$CONF" "$DB" "$HTTP_PORT"
if ! db_exists "$DB"; then
    info "Creating database $DB (German, with demo data) and installing kuemmerer_addon"
    odoo -c "$CONF" -d "$DB" -i kuemmerer_addon --load-language=de_DE --language=de_DE \
        --stop-after-init --log-level=warn \
        || { drop_db "$DB"; die "Installing kuemmerer_addon failed (see above)."; }
    # Everyone in the demo works in German.
    "${PSQL[@]}" -q -d "$DB" -c "update res_partner set lang='de_DE'; update res_lang set active=true where code='de_DE';"
fi
cat <<MSG

  Kümmerer for Odoo läuft: http://localhost:$HTTP_PORT  (Datenbank $DB)

  Anmeldungen (Benutzer / Passwort):
    admin        / admin         Administrator
    koordination / koordination  Koordinatorin (Kümmerer-Verwaltung)
    kuemmerer    / kuemmerer     Kümmerin Quartier Lindenhof
    kuemmerer2   / kuemmerer2    Kümmerer Quartier Am Mühlgraben
    verwaltung   / verwaltung    Mitarbeiter der Wohnungsverwaltung
    ehrenamt     / ehrenamt      Ehrenamtliche im Portal (/my)

  Beenden mit Strg+C.
MSG
exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --http-port "$HTTP_PORT" --log-level=warn
