# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL

from ..const import MANAGER


class KuemmererTools(models.AbstractModel):
    """Small helpers the addon's scheduled actions share."""

    _name = "kuemmerer.tools"
    _description = "Kümmerer Tools"

    @api.model
    def _cron_today(self):
        """Today in the user's time zone, for the daily crons. A cron starts
        with an empty cache, and ``context_today`` would load the whole user
        and partner record for it: one narrow query instead."""
        tz = self.env.context.get("tz")
        if not tz:
            tz = self.env.execute_query(
                SQL(
                    "SELECT p.tz FROM res_users u JOIN res_partner p ON p.id = "
                    "u.partner_id "
                    "WHERE u.id = %s",
                    self.env.uid,
                )
            )[0][0]
        if not tz:
            return fields.Date.today()
        return fields.Date.context_today(self.with_context(tz=tz))

    @api.model
    def _fallback_coordinator(self):
        """The coordinator who gets escalations of quarters without one."""
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref(MANAGER).id),
                    ("share", "=", False),
                    ("id", "!=", self.env.ref("base.user_root").id),
                ],
                limit=1,
                order="id",
            )
        )
