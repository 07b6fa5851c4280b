# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The volunteer portal beside the apps a cooperative already runs.

``CustomerPortal`` subclasses of all installed apps are merged into one
controller by method name, so a route method called like Project's
(``portal_my_tasks``) would replace it, or be replaced. ``make test`` runs
this file also on a database with Project, HR, Website, Events, Surveys,
Sales and Invoicing installed; without Project the side-by-side test is
skipped.
"""

import inspect

from odoo.tests import tagged

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..controllers.portal import KuemmererPortal
from ..controllers.portal_shifts import KuemmererShiftPortal
from ..controllers.portal_tasks import KuemmererTaskPortal
from .test_portal import KuemmererPortalCommon


@tagged("post_install", "-at_install")
class TestPortalBesideProject(KuemmererPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.has_project = "project.project" in cls.env
        if not cls.has_project:
            return
        cls.user_customer = cls.env["res.users"].create(
            {
                "name": "Carla Kundin",
                "login": "k_project_customer",
                "password": "k_project_customer",
                "email": "carla@example.org",
                "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])],
            }
        )
        cls.project = cls.env["project.project"].create(
            {"name": "Sanierung Lindenhof", "privacy_visibility": "portal"}
        )
        cls.task = cls.env["project.task"].create(
            {"name": "Fliesen im Treppenhaus erneuern", "project_id": cls.project.id}
        )
        # shared with the customer: they follow the task
        cls.task.message_subscribe(partner_ids=cls.user_customer.partner_id.ids)

    def _counters(self, *names):
        return self.make_jsonrpc_request("/my/counters", {"counters": list(names)})

    def test_project_customer_and_volunteer_side_by_side(self):
        if not self.has_project:
            self.skipTest("Project (project) is not installed")
        # Project's portal customer: Project's task list at /my/tasks
        self.authenticate("k_project_customer", "k_project_customer")
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn('href="/my/tasks"', home.text)
        self.assertEqual(
            self._counters("task_count", "kuemmerer_task_count"),
            {"task_count": 1, "kuemmerer_task_count": 0},
        )
        response = self.url_open("/my/tasks")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Fliesen im Treppenhaus erneuern", response.text)
        self.assertNotIn("o_kuemmerer_task", response.text)
        self.assertEqual(self.url_open(f"/my/tasks/{self.task.id}").status_code, 200)
        # our page is there, but holds nothing for someone who is no volunteer
        response = self.url_open("/my/kuemmerer/tasks")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("o_kuemmerer_task", response.text)
        self.assertNotIn("Einkauf für die Nachbarin erledigen", response.text)

        # the volunteer: the help steps at /my/kuemmerer/tasks, both entries on /my
        self._login(self.user_portal)
        home = self.url_open("/my")
        self.assertIn('href="/my/kuemmerer/tasks"', home.text)
        self.assertIn('href="/my/tasks"', home.text)
        self.assertEqual(
            self._counters("task_count", "kuemmerer_task_count"),
            {"task_count": 0, "kuemmerer_task_count": 2},
        )
        response = self.url_open("/my/kuemmerer/tasks")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Einkauf für die Nachbarin erledigen", response.text)
        self.assertIn("Zum Arzt begleiten", response.text)
        self.assertNotIn("Fliesen im Treppenhaus erneuern", response.text)
        # Project's page answers the volunteer as Project does: no task of theirs
        response = self.url_open("/my/tasks")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Fliesen im Treppenhaus erneuern", response.text)
        self.assertNotIn("o_kuemmerer_task", response.text)
        # and reporting back still works beside Project
        response = self._post(
            f"/my/kuemmerer/tasks/{self.step_a.id}/report",
            "/my/kuemmerer/tasks",
            report="Einkauf gebracht",
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.step_a.state, "done")

    def test_route_methods_are_prefixed(self):
        """Runs with or without Project: no route method of ours can take the
        name of another app's (nor another app's take ours)."""
        ours = {
            name
            for portal in (KuemmererPortal, KuemmererShiftPortal, KuemmererTaskPortal)
            for name, member in inspect.getmembers(portal, inspect.isfunction)
            if getattr(member, "original_routing", None) is not None
            and name in vars(portal)
        }
        self.assertTrue(ours)
        self.assertFalse({name for name in ours if not name.startswith("kuemmerer_")})
        self.assertFalse(ours & set(dir(CustomerPortal)))
