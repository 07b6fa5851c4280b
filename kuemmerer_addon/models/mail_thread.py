# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _creation_message(self):
        """ "Bedarf erstellt", not "Need erstellt".

        Without a language in the context (data files, demo data, scheduled
        actions), Odoo translates "%s created" into the user's language but
        reads the model's name untranslated: the line is written half in
        English into the chatter for good. Both halves in the user's
        language."""
        if not self.env.lang:
            lang = self.env["res.users"].context_get().get("lang")
            if lang and lang != "en_US":
                return super(
                    MailThread, self.with_context(lang=lang)
                )._creation_message()
        return super()._creation_message()
