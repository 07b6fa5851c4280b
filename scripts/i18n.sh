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
# translations the helpers of a change left in i18n/pending/*.po
import glob
pending = {}
for path in sorted(glob.glob(os.path.join(i18n, "pending", "*.po"))):
    for entry in polib.pofile(path):
        if entry.msgstr:
            pending[(entry.msgctxt, entry.msgid)] = entry.msgstr
# fields the addon's models inherit from Odoo's (the case file's address,
# phone, ...): Odoo's own German, so that the labels read as everywhere else
odoo_src = os.environ.get("ODOO_SRC", "/opt/odoo/18.0")
core = {}
for path in sorted(glob.glob(os.path.join(odoo_src, "addons", "*", "i18n", "de.po")) +
                   glob.glob(os.path.join(odoo_src, "odoo", "addons", "*", "i18n", "de.po"))):
    for entry in polib.pofile(path):
        if entry.msgstr and not entry.msgctxt:
            core.setdefault(entry.msgid, entry.msgstr)
def inherited_field_term(entry):
    return entry.occurrences and all(
        source.startswith("model:ir.model.fields") for source, _line in entry.occurrences
    )
for entry in po:
    if entry.msgstr:
        continue
    if (entry.msgctxt, entry.msgid) in pending:
        entry.msgstr = pending[(entry.msgctxt, entry.msgid)]
    elif inherited_field_term(entry) and entry.msgid in core:
        entry.msgstr = core[entry.msgid]
po.save(po_path)
missing = [e.msgid for e in po if not e.msgstr]
print(f"de.po: {len(po)} entries, {len(missing)} untranslated")
for m in missing:
    print("  -", m.replace("\n", "\\n")[:120])
PY
