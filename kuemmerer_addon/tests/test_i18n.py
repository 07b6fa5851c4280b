# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import os

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path

from .german import load_german


@tagged("post_install", "-at_install")
class TestGermanTranslation(TransactionCase):
    def test_de_po_is_complete(self):
        i18n = file_path("kuemmerer_addon/i18n")
        pot = polib.pofile(os.path.join(i18n, "kuemmerer_addon.pot"))
        po = polib.pofile(os.path.join(i18n, "de.po"))
        translated = {(e.msgctxt, e.msgid) for e in po if e.msgstr and not e.obsolete}
        self.assertGreater(len(pot), 10)
        missing = [e.msgid for e in pot if (e.msgctxt, e.msgid) not in translated]
        self.assertFalse(missing, f"msgids without German translation: {missing[:20]}")
        fuzzy = [e.msgid for e in po.fuzzy_entries()]
        self.assertFalse(fuzzy, f"fuzzy German translations: {fuzzy[:20]}")

    def test_german_is_used(self):
        """The translation is loaded into the database and used by the UI."""
        load_german(self.env, modules=["kuemmerer_addon"])
        field = self.env["ir.model.fields"]._get("kuemmerer.quarter", "user_ids")
        self.assertEqual(
            field.with_context(lang="de_DE").field_description,
            "Verantwortliche Kümmerer",
        )
        menu = self.env.ref("kuemmerer_addon.kuemmerer_quarter_menu")
        self.assertEqual(menu.with_context(lang="de_DE").name, "Quartiere")
