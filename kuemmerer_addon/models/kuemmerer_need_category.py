# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class KuemmererNeedCategory(models.Model):
    _name = "kuemmerer.need.category"
    _inherit = ["kuemmerer.char.limit.mixin"]
    _description = "Need Category"
    _kuemmerer_char_limits = {"name": 200, "code": 64}
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Text(translate=True)
    chain_template_id = fields.Many2one(
        "kuemmerer.help.chain.template",
        string="Help Chain Template",
        help="Suggested when a help chain is started for a need of this category.",
    )
    service_type_ids = fields.Many2many(
        "kuemmerer.service.type",
        "kuemmerer_need_category_service_type_rel",
        "category_id",
        "service_type_id",
        string="Suggested Service Types",
    )
    is_attention_relevant = fields.Boolean(
        string="Raises Attention",
        help="An open need of this category raises the resident's attention level "
        "(e.g. loneliness, neglect).",
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a need category must be unique."),
    ]
