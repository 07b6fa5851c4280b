# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..const import CASEWORK


class KuemmererHandoverWizard(models.TransientModel):
    """'Übergeben': the Kümmerer who holds a resident now (or a coordinator)
    passes the resident on to a named colleague."""

    _name = "kuemmerer.handover.wizard"
    _description = "Hand Over a Resident"

    resident_id = fields.Many2one(
        "kuemmerer.resident", string="Resident", required=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Hand over to",
        required=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref(CASEWORK).id),
            ("share", "=", False),
        ],
    )
    note = fields.Text(
        string="Note for the colleague", help="What the colleague should know first."
    )

    def action_confirm(self):
        self.ensure_one()
        self.resident_id._kuemmerer_hand_over(self.user_id, note=self.note)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Handed over"),
                "message": self.env._(
                    "%(name)s is now looked after by %(user)s.",
                    name=self.resident_id.name,
                    user=self.user_id.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
