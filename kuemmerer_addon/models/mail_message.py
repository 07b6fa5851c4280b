# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _find_allowed_model_wise(self, doc_model, doc_dict):
        # Messages on casework are for whom may work on the case: require the
        # access that kuemmerer.casework.thread._get_mail_message_access asks for.
        if doc_model not in self.env or not hasattr(
            self.env[doc_model], "_kuemmerer_casework_partner_ids"
        ):
            return super()._find_allowed_model_wise(doc_model, doc_dict)
        needs = self.env[doc_model].browse(doc_dict)._filtered_access("write")
        return {message_id for need_id in needs.ids for message_id in doc_dict[need_id]}
