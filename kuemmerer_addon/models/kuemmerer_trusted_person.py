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
    # who may act for the resident (a consent given by them counts)
    legal_role = fields.Selection(
        [
            ("none", "None"),
            ("betreuer", "Legal guardian (Betreuer/in)"),
            ("vorsorgevollmacht", "Lasting power of attorney (Vorsorgevollmacht)"),
        ],
        default="none",
        required=True,
        help="A legal guardian or holder of a lasting power of attorney may give "
        "consents for the resident (with the evidence attached to the consent).",
    )
    legal_scope = fields.Char(
        string="Scope (Aufgabenkreis)",
        help="The areas the guardian is appointed for, as in the court's decision, "
        "e.g. Gesundheitssorge, Vermögenssorge.",
    )

    @api.constrains("legal_role", "legal_scope")
    def _check_legal_scope(self):
        for rec in self:
            if rec.legal_role == "betreuer" and not (rec.legal_scope or "").strip():
                raise ValidationError(
                    self.env._(
                        "Please enter the scope (Aufgabenkreis) of the legal guardian, "
                        "as in the court's decision."
                    )
                )

    @api.constrains("partner_id", "person_id")
    def _check_not_self(self):
        if any(rec.partner_id == rec.person_id for rec in self):
            raise ValidationError(
                self.env._("A person cannot be their own trusted person.")
            )
