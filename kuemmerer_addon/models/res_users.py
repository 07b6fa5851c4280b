# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..const import CASEWORK, MANAGER, STAFF

LANDING = "kuemmerer_addon.kuemmerer_action_landing"


class ResUsers(models.Model):
    """Each role lands where its work is: the app's root menu and, after
    login, the user's home action open the role's landing page (see
    ``_kuemmerer_landing_action``).

    The home action (``action_id``) is set for users who are given a role of
    the app and have none yet, and taken back when they lose it. Users who
    chose a home action, users without a role of the app and settings
    administrators (who look after every app) keep Odoo's default: the first
    app."""

    _inherit = "res.users"

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._kuemmerer_update_home_action()
        return users

    def write(self, vals):
        res = super().write(vals)
        # the user form writes the groups as reified fields (in_group_*, sel_groups_*)
        if any(
            key == "groups_id" or key.startswith(("in_group_", "sel_groups_"))
            for key in vals
        ):
            self._kuemmerer_update_home_action()
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _kuemmerer_landing_action(self):
        """The landing page of the current user's role: the coordinator's
        dashboard, the Kümmerer's day, or for staff the hints they reported
        (with the button to report one)."""
        user = self.env.user
        if user.has_group(MANAGER):
            action = self.env["kuemmerer.dashboard"].action_kuemmerer_open()
        elif user.has_group(CASEWORK):
            action = self.env["kuemmerer.day"].action_kuemmerer_open()
        else:
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "kuemmerer_addon.kuemmerer_hint_action"
            )
        # the page is the app's page: the web client finds the app (its menus
        # in the navigation bar) by the id of the action it shows, also when
        # it opens the page as the home action after login
        landing = self.env.ref(LANDING)
        action.update({"id": landing.id, "path": landing.path})
        return action

    def _kuemmerer_update_home_action(self):
        landing = self.env.ref(LANDING, raise_if_not_found=False)
        if not landing:
            return  # while the addon's data is being loaded
        landing = self.env["ir.actions.actions"].browse(landing.id)
        staff = self.env.ref(STAFF)
        system = self.env.ref("base.group_system")
        for user in self.sudo():
            groups = user.groups_id
            if staff in groups and not user.share:
                if not user.action_id and system not in groups:
                    user.action_id = landing
            elif user.action_id == landing:
                user.action_id = False
