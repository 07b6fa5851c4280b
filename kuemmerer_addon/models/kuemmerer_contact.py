# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..const import CASEWORK

CHANNELS = [
    ("visit", "Home visit"),
    ("phone", "Phone"),
    ("office_hours", "Office hours"),
    ("event", "Neighbourhood event"),
    ("neighbour_hint", "Hint from a neighbour"),
    ("other", "Other"),
]


class KuemmererContact(models.Model):
    _name = "kuemmerer.contact"
    _inherit = ["kuemmerer.sensitive.mixin", "kuemmerer.resident.record"]
    _description = "Contact Log Entry"
    _kuemmerer_sensitive_fields = ("summary",)
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Resident",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("is_resident", "=", True)],
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    channel = fields.Selection(CHANNELS, required=True, default="visit")
    user_id = fields.Many2one(
        "res.users",
        string="Recorded by",
        default=lambda self: self.env.user,
        index=True,
    )
    summary = fields.Text(groups=CASEWORK)
    need_id = fields.Many2one(
        "kuemmerer.need",
        string="Need",
        domain="[('partner_id', '=', partner_id)]",
        ondelete="set null",
        index="btree_not_null",
    )
    quarter_id = fields.Many2one(
        related="partner_id.quarter_id", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True, required=True
    )

    @api.constrains("date")
    def _check_date(self):
        limit = fields.Datetime.now() + timedelta(minutes=5)
        if any(contact.date > limit for contact in self):
            raise ValidationError(
                self.env._(
                    "A contact cannot lie in the future. Please check the date and "
                    "time."
                )
            )

    def _kuemmerer_not_resident_text(self):
        return self.env._(
            "Contacts can only be logged for residents. Please mark the person as a "
            "resident first."
        )

    @api.constrains("partner_id", "need_id")
    def _check_need_of_resident(self):
        if any(
            contact.need_id and contact.need_id.partner_id != contact.partner_id
            for contact in self.sudo()
        ):
            raise ValidationError(
                self.env._(
                    "A contact can only be linked to a need of the same resident."
                )
            )

    @api.model
    def _kuemmerer_action_log(self, partner):
        """The quick form to log a contact with ``partner``."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Contact"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "kuemmerer_addon.kuemmerer_contact_view_form_quick"
                    ).id,
                    "form",
                )
            ],
            "target": "new",
            "context": {"default_partner_id": partner.id},
        }
