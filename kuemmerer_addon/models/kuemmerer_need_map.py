# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from .kuemmerer_need import OPEN_STATES

# a building is small: a cell of fewer needs could name the people
MIN_CELL = 5


class KuemmererNeedMap(models.Model):
    """Open needs per building and category, without names, for the
    coordination: one row per cell, and a cell of fewer than five needs is
    masked in the database already (its count is empty), so that no view,
    export or sum shows it. Totals are sums of the visible cells."""

    _name = "kuemmerer.need.map"
    _description = "Need Map"
    _auto = False
    _order = "quarter_id, building_id, category_id"

    building_id = fields.Many2one(
        "kuemmerer.building", string="Building", readonly=True
    )
    quarter_id = fields.Many2one("kuemmerer.quarter", string="Quarter", readonly=True)
    category_id = fields.Many2one(
        "kuemmerer.need.category", string="Category", readonly=True
    )
    need_count = fields.Integer(string="Open Needs", readonly=True, aggregator="sum")
    is_masked = fields.Boolean(
        string="Fewer than 5",
        readonly=True,
        help="Fewer than five open needs: the number is not shown, so that nobody can "
        "be recognised.",
    )
    company_id = fields.Many2one("res.company", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %(table)s AS (
                SELECT ROW_NUMBER() OVER (
                           ORDER BY cells.building_id, cells.category_id
                       ) AS id,
                       cells.building_id, cells.quarter_id, cells.category_id,
                       cells.company_id,
                       CASE WHEN cells.total >= %(min_cell)s
                            THEN cells.total END AS need_count,
                       cells.total < %(min_cell)s AS is_masked
                  FROM (
                    SELECT p.building_id,
                           COALESCE(b.quarter_id, n.quarter_id) AS quarter_id,
                           n.category_id, n.company_id, COUNT(*) AS total
                      FROM kuemmerer_need n
                      JOIN res_partner p ON p.id = n.partner_id
                      LEFT JOIN kuemmerer_building b ON b.id = p.building_id
                     WHERE n.state IN %(states)s
                     GROUP BY p.building_id, COALESCE(b.quarter_id, n.quarter_id),
                              n.category_id, n.company_id
                  ) AS cells
            )""",
                table=SQL.identifier(self._table),
                min_cell=MIN_CELL,
                states=tuple(OPEN_STATES),
            )
        )
