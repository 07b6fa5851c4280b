# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""German terms for tests that look at screens: the addon's de.po, plus the
translations of a branch that wait in i18n/pending/*.po (plain msgid/msgstr
pairs, merged into de.po by the lead): they are applied to the terms the
addon's data and views hold, found through an export of the module's terms."""

import glob
import io
import os

import polib

from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationImporter, trans_export


def load_german(env, modules=("base", "web", "portal", "kuemmerer_addon")):
    env["res.lang"]._activate_lang("de_DE")
    env["ir.module.module"]._load_module_terms(list(modules), ["de_DE"], overwrite=True)
    i18n = file_path("kuemmerer_addon/i18n")
    paths = sorted(glob.glob(os.path.join(i18n, "pending", "*.po")))
    if not paths:
        return
    # the pending terms, and de.po's terms for the new places of known msgids
    # (a new view using "Open" is translated once the lead updates de.po)
    pending = {}
    for path in [os.path.join(i18n, "de.po"), *paths]:
        pending.update({e.msgid: e.msgstr for e in polib.pofile(path) if e.msgstr})
    buffer = io.BytesIO()
    trans_export(None, ["kuemmerer_addon"], buffer, "po", env.cr)
    pot = polib.pofile(buffer.getvalue().decode())
    po = polib.POFile()
    for entry in pot:
        if entry.msgid in pending:
            entry.msgstr = pending[entry.msgid]
            po.append(entry)
    importer = TranslationImporter(env.cr, verbose=False)
    fileobj = io.BytesIO(str(po).encode())
    fileobj.name = "pending.po"  # Odoo's reader asks the file's name
    importer.load(fileobj, "po", "de_DE")
    importer.save(overwrite=True)
