#!/usr/bin/env bash
# Re-export i18n/kuemmerer_addon.pot from a fresh database and merge it into
# i18n/de.po (existing translations are kept). Prints the msgids still to translate.
source "$(dirname "$0")/common.sh"
DB=kuemmerer_i18n
CONF="$RUNDIR/odoo-i18n.conf"
write_odoo_conf "$CONF" "$DB" 8369
I18N="$ROOT/kuemmerer_addon/i18n"
drop_db "$DB"
odoo -c "$CONF" -d "$DB" -i kuemmerer_addon --without-demo=all --stop-after-init --log-level=warn
odoo -c "$CONF" -d "$DB" --i18n-export="$I18N/kuemmerer_addon.pot" --modules=kuemmerer_addon \
    --stop-after-init --log-level=warn
drop_db "$DB"
"$VENV/bin/python" - "$I18N" <<'PY'
import os, sys, polib
i18n = sys.argv[1]
pot = polib.pofile(os.path.join(i18n, "kuemmerer_addon.pot"))
po_path = os.path.join(i18n, "de.po")
if os.path.exists(po_path):
    po = polib.pofile(po_path)
else:
    po = polib.POFile()
    po.metadata = dict(pot.metadata)
po.metadata.update({"Language": "de", "Plural-Forms": "nplurals=2; plural=(n != 1);",
                    "Content-Type": "text/plain; charset=UTF-8"})
po.merge(pot)
# polib marks new near-matches fuzzy: drop those guesses, they must be checked by hand
for entry in po:
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
        entry.msgstr = ""
        entry.previous_msgid = None
po[:] = [e for e in po if not e.obsolete]
po.save(po_path)
missing = [e.msgid for e in po if not e.msgstr]
print(f"de.po: {len(po)} entries, {len(missing)} untranslated")
for m in missing:
    print("  -", m.replace("\n", "\\n")[:120])
PY
