# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class KuemmererServiceType(models.Model):
    _name = "kuemmerer.service.type"
    _inherit = ["kuemmerer.char.limit.mixin"]
    _description = "Service Type"
    _kuemmerer_char_limits = {"name": 200}
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    provider_ids = fields.Many2many(
        "res.partner",
        "kuemmerer_partner_service_type_rel",
        "service_type_id",
        "partner_id",
        string="Network Partners",
        domain=[("is_provider", "=", True)],
    )

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A service type with this name already exists."),
    ]
