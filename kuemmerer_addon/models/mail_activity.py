# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def write(self, vals):
        res = super().write(vals)
        if (
            "active" in vals
            and not vals["active"]
            and any(activity.res_model == "res.partner" for activity in self)
        ):
            # A radar activity marked done is kept archived when its type
            # keeps done activities: it is no longer open, so the contact
            # radar must see the resident again (a deleted one unlinks itself).
            partners = (
                self.env["res.partner"]
                .sudo()
                .with_context(active_test=False)
                .search([("kuemmerer_radar_activity_id", "in", self.ids)])
            )
            if partners:
                partners.kuemmerer_radar_activity_id = False
        return res
