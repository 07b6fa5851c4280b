# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KuemmererTrustedPerson(models.Model):
    _name = "kuemmerer.trusted.person"
    _inherit = ["kuemmerer.resident.record"]
    _description = "Trusted Person"
    _order = "is_emergency_contact desc, id"

    partner_id = fields.Many2one(
        "res.partner", string="Resident", required=True, ondelete="cascade", index=True
    )
    person_id = fields.Many2one(
        "res.partner", string="Trusted Person", required=True, ondelete="restrict"
    )
    relation = fields.Char(help="e.g. daughter, neighbour, legal guardian")
    is_emergency_contact = fields.Boolean(string="Emergency Contact")
    phone = fields.Char(related="person_id.phone")
    quarter_id = fields.Many2one(
        related="partner_id.quarter_id", store=True, index=True
    )
    company_id = fields.Many2one(
        related="partner_id.company_id", store=True, index=True
    )
    note = fields.Char()

    @api.constrains("partner_id", "person_id")
    def _check_not_self(self):
        if any(rec.partner_id == rec.person_id for rec in self):
            raise ValidationError(
                self.env._("A person cannot be their own trusted person.")
            )
