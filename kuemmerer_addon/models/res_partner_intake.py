# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    """A resident offered as a likely match on a public hint
    (``kuemmerer.intake``): the button of the match list links them."""

    _inherit = "res.partner"

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
