# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class KuemmererCaseworkThread(models.AbstractModel):
    """Chatter for casework (needs, home visits, consents, case files).

    Notes, attachments, followers and notifications of casework are for the
    people who work on the case, nobody else:

    * reading the messages of a record requires the right to work on it
      (write), not only to know that it exists;
    * only internal users who may work on the record follow it; whoever else
      is added (by hand, by Odoo's automatic subscription of the author or of
      an assignee, by an old subscription after a handover) is left out;
    * a follower who lost access on the way is not notified.
    """

    _name = "kuemmerer.casework.thread"
    _inherit = ["mail.thread"]
    _description = "Casework Chatter"

    def _get_mail_message_access(self, res_ids, operation, model_name=None):
        if operation == "read":
            return "write"
        return super()._get_mail_message_access(
            res_ids, operation, model_name=model_name
        )

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        if partner_ids:
            partner_ids = self._kuemmerer_casework_partner_ids(partner_ids)
        return super()._message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids, customer_ids=customer_ids
        )

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        followers = [data["id"] for data in recipients if data.get("is_follower")]
        if not followers:
            return recipients
        allowed = set(self._kuemmerer_casework_partner_ids(followers))
        return [
            data
            for data in recipients
            if not data.get("is_follower") or data["id"] in allowed
        ]

    @api.model
    def _kuemmerer_casework_partner_ids(self, partner_ids):
        """The partners of ``partner_ids`` whose internal user may work on
        every record of ``self``."""
        if not self:
            return list(partner_ids)
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        allowed = []
        for partner in partners:
            users = partner.with_context(active_test=False).user_ids.filtered(
                lambda user: user.active and not user.share
            )
            if any(
                user._is_superuser()
                or len(self.with_user(user).sudo(False)._filtered_access("write"))
                == len(self)
                for user in users
            ):
                allowed.append(partner.id)
        return allowed
