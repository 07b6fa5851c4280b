# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.1.0: each role lands where its work is. The users who have a role
of the app already get its start page as their home action, by the rule that
applies to users given a role from now on (models/res_users.py): only those
without a home action, and not the settings administrators."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    staff = env.ref("kuemmerer_addon.group_kuemmerer_staff")
    users = (
        env["res.users"]
        .with_context(active_test=False)
        .search(
            [
                ("groups_id", "in", staff.ids),
                ("share", "=", False),
                ("action_id", "=", False),
            ]
        )
    )
    users._kuemmerer_update_home_action()
    _logger.info(
        "Home action set to the Kümmerer app for %s users",
        len(users.filtered("action_id")),
    )
