# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The quarter's newsletter to residents, through Odoo's Email Marketing
(mass_mailing): its queue, its tracking, its unsubscribe page and blacklist.
Whatever the recipients' filter says, a newsletter reaches only residents of
its quarters who consented to invitations (``event_invitations``) and have not
unsubscribed."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from ..const import MANAGER

UNSUBSCRIBE_LINK = "/unsubscribe_from_list"


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    is_kuemmerer_newsletter = fields.Boolean(
        string="Newsletter to Residents", readonly=True, index="btree_not_null"
    )
    kuemmerer_quarter_ids = fields.Many2many(
        "kuemmerer.quarter",
        "mailing_mailing_kuemmerer_quarter_rel",
        "mailing_id",
        "quarter_id",
        string="Quarters",
        help="The newsletter goes to the residents of these quarters who agreed to "
        "invitations and have not unsubscribed.",
    )

    kuemmerer_recipient_count = fields.Integer(
        string="Reaches", compute="_compute_kuemmerer_recipient_count"
    )

    @api.depends("kuemmerer_quarter_ids")
    def _compute_kuemmerer_recipient_count(self):
        Partner = self.env["res.partner"]
        for mailing in self:
            mailing.kuemmerer_recipient_count = (
                Partner.search_count(mailing._kuemmerer_recipient_domain())
                if mailing.is_kuemmerer_newsletter and mailing.kuemmerer_quarter_ids
                else 0
            )

    @api.depends("kuemmerer_quarter_ids", "is_kuemmerer_newsletter")
    def _compute_mailing_domain(self):
        newsletters = self.filtered("is_kuemmerer_newsletter")
        result = super(MailingMailing, self - newsletters)._compute_mailing_domain()
        for mailing in newsletters:
            mailing.mailing_domain = repr(mailing._kuemmerer_recipient_domain())
        return result

    def _kuemmerer_recipient_domain(self):
        """The residents a newsletter may reach: its quarters, an e-mail
        address, a valid consent to invitations, not on the blacklist."""
        self.ensure_one()
        if self.mailing_model_real != "res.partner":
            return [("id", "in", [])]
        return expression.AND(
            [
                [
                    ("is_resident", "=", True),
                    ("quarter_id", "in", self.kuemmerer_quarter_ids.ids),
                    ("email", "!=", False),
                    ("is_blacklisted", "=", False),
                ],
                self.env["kuemmerer.consent"]._kuemmerer_consented_domain(
                    "event_invitations"
                ),
            ]
        )

    def _get_recipients_domain(self):
        domain = super()._get_recipients_domain()
        if self.is_kuemmerer_newsletter:
            # an edited filter never widens the newsletter beyond the consent
            domain = expression.AND([domain, self._kuemmerer_recipient_domain()])
        return domain

    def _action_send_mail(self, res_ids=None):
        # recipients given by the caller (RPC): the consent holds for them too
        newsletters = self.filtered("is_kuemmerer_newsletter")
        if res_ids and newsletters:
            for mailing in newsletters:
                allowed = self.env["res.partner"].search(
                    expression.AND(
                        [mailing._kuemmerer_recipient_domain(), [("id", "in", res_ids)]]
                    )
                )
                super(MailingMailing, mailing)._action_send_mail(allowed.ids)
            others = self - newsletters
            return (
                super(MailingMailing, others)._action_send_mail(res_ids)
                if others
                else True
            )
        return super()._action_send_mail(res_ids)

    @api.model_create_multi
    def create(self, vals_list):
        if any(
            vals.get("is_kuemmerer_newsletter")
            or self.env.context.get("default_is_kuemmerer_newsletter")
            for vals in vals_list
        ):
            self._kuemmerer_check_coordinator()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and (
            "is_kuemmerer_newsletter" in vals
            or (self.filtered("is_kuemmerer_newsletter") and "mailing_model_id" in vals)
        ):
            raise UserError(
                self.env._("A newsletter to residents stays one: write a new mailing.")
            )
        if self.filtered("is_kuemmerer_newsletter"):
            self._kuemmerer_check_coordinator()
        return super().write(vals)

    def _kuemmerer_check_coordinator(self):
        if not self.env.su and not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._("Only coordinators write the newsletter to residents.")
            )

    def action_put_in_queue(self):
        for mailing in self.filtered("is_kuemmerer_newsletter"):
            if not mailing.kuemmerer_quarter_ids:
                raise UserError(
                    self.env._("Please choose the quarters of the newsletter.")
                )
            if UNSUBSCRIBE_LINK not in (mailing.body_html or ""):
                raise UserError(
                    self.env._(
                        "The newsletter needs a link to unsubscribe. Please keep "
                        "the line “Abmelden” at its end."
                    )
                )
        return super().action_put_in_queue()

    @api.model
    def _kuemmerer_newsletter_body(self):
        """A plain first text, in German, with the link to unsubscribe."""
        return (
            "<div>"
            "<p>Liebe Nachbarinnen und Nachbarn,</p>"
            "<p>Hier steht Ihre Nachricht.</p>"
            "<p>Herzliche Grüße<br/>Ihre Kümmerin / Ihr Kümmerer</p>"
            '<p style="font-size: 12px; color: #555;">Sie bekommen diese Nachricht, '
            "weil Sie Einladungen zugestimmt haben. "
            f'<a href="{UNSUBSCRIBE_LINK}">Abmelden</a></p>'
            "</div>"
        )

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        if self.env.context.get("default_is_kuemmerer_newsletter"):
            body = self._kuemmerer_newsletter_body()
            for fname in ("body_arch", "body_html"):
                if fname in fields_list and not defaults.get(fname):
                    defaults[fname] = body
            if "mailing_model_id" in fields_list:
                defaults["mailing_model_id"] = self.env["ir.model"]._get_id(
                    "res.partner"
                )
        return defaults
