# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class KuemmererBuilding(models.Model):
    """A building or stairwell (Haus, Aufgang) of the cooperative: residents
    live in it, it lies in a quarter, and its caretaker (Hausmeister) may
    report hints about its residents. Stairwell notices are printed per
    building."""

    _name = "kuemmerer.building"
    _description = "Building"
    _inherit = ["kuemmerer.char.limit.mixin"]
    _order = "quarter_id, street, name, id"
    _rec_names_search = ["name", "street"]
    _kuemmerer_char_limits = {"name": 200, "street": 200, "zip": 24, "city": 100}

    name = fields.Char(
        required=True, help="E.g. the address with the stairwell: Lindenstraße 3 A."
    )
    street = fields.Char()
    zip = fields.Char(string="ZIP")
    city = fields.Char()
    quarter_id = fields.Many2one(
        "kuemmerer.quarter",
        string="Quarter",
        required=True,
        index=True,
        ondelete="restrict",
    )
    caretaker_id = fields.Many2one(
        "res.users",
        string="Caretaker",
        index="btree_not_null",
        help="The caretaker (Hausmeister) of the building: they may report hints about "
        "its residents.",
        domain=lambda self: [
            (
                "groups_id",
                "in",
                self.env.ref("kuemmerer_addon.group_kuemmerer_staff").id,
            )
        ],
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        related="quarter_id.company_id",
        store=True,
        index=True,
    )
    resident_ids = fields.One2many(
        "res.partner",
        "building_id",
        string="Residents",
        domain=[("is_resident", "=", True)],
    )
    resident_count = fields.Integer(compute="_compute_resident_count")

    _sql_constraints = [
        (
            "name_quarter_unique",
            "UNIQUE(name, quarter_id)",
            "A building of this name already exists in the quarter.",
        ),
    ]

    def _compute_resident_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("building_id", "in", self.ids), ("is_resident", "=", True)],
                ["building_id"],
                ["__count"],
            )
        )
        for building in self:
            building.resident_count = counts.get(building, 0)

    @api.depends("name", "quarter_id.code")
    def _compute_display_name(self):
        for building in self:
            building.display_name = building.name or ""

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_residents(self):
        """The residents of the building: their case files for who does
        casework, the list of residents for staff."""
        self.ensure_one()
        action = self.env["res.partner"]._kuemmerer_action_residents()
        action.update(
            {
                "name": self.env._("Residents of %(building)s", building=self.name),
                "domain": [("building_id", "=", self.id)],
                "context": {"create": False},
            }
        )
        return action
