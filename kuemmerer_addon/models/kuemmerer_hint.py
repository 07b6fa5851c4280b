# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class KuemmererHint(models.Model):
    """What became of a hint a staff member reported: the state of the need,
    nothing else. Staff have no access to needs at all, so no side door of
    the need (its notes, attachments, activities, followers) opens for them."""

    _name = "kuemmerer.hint"
    _description = "Reported Hint"
    _auto = False
    _order = "date_detected desc, id desc"

    name = fields.Char(string="Reference", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Resident", readonly=True)
    category_id = fields.Many2one(
        "kuemmerer.need.category", string="Category", readonly=True
    )
    state = fields.Selection(
        [
            ("new", "Received"),
            ("assessed", "Being looked at"),
            ("in_progress", "Help under way"),
            ("resolved", "Done"),
            ("cancelled", "Closed"),
        ],
        readonly=True,
    )
    date_detected = fields.Date(string="Reported on", readonly=True)
    reported_by_id = fields.Many2one("res.users", string="Reported by", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS ("
                " SELECT id, name, partner_id, category_id, state, date_detected,"
                " reported_by_id, company_id"
                " FROM kuemmerer_need"
                " WHERE source = 'staff_hint' AND reported_by_id IS NOT NULL)",
                SQL.identifier(self._table),
            )
        )
