# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class KuemmererSkill(models.Model):
    _name = "kuemmerer.skill"
    _inherit = ["kuemmerer.char.limit.mixin"]
    _description = "Skill"
    _kuemmerer_char_limits = {"name": 200}
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A skill with this name already exists."),
    ]
