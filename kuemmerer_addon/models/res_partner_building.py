# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    """The building a resident lives in, and the button that links a
    resident offered as a likely match to a public hint (``kuemmerer.intake``)."""

    _inherit = "res.partner"

    building_id = fields.Many2one(
        "kuemmerer.building",
        string="Building",
        index="btree_not_null",
        ondelete="restrict",
        help="The building or stairwell the resident lives in.",
    )

    def kuemmerer_action_link_intake(self):
        self.ensure_one()
        intake_id = self.env.context.get("kuemmerer_intake_id")
        intake = self.env["kuemmerer.intake"].browse(
            intake_id if isinstance(intake_id, int) else []
        )
        if not intake.exists():
            raise UserError(self.env._("Please open the hint again."))
        intake.action_link(self)
        return True
