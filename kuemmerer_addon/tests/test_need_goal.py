# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Help plans the resident owns (issue 19): goals on a need, their review
activity, the large-type print and the coordinator's figure."""

from datetime import date
from urllib.parse import quote

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from . import test_report_http
from .common import KuemmererCommon
from .test_report_http import FORCE


class GoalCommon(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        category = cls.env.ref("kuemmerer_addon.need_category_care_health")
        cls.need = (
            cls.env["kuemmerer.need"]
            .with_user(cls.user_kuemmerer)
            .create({"partner_id": cls.resident_a.id, "category_id": category.id})
        )
        cls.need.sudo().description = "Vertraulich: beginnende Demenz"
        cls.Goal = cls.env["kuemmerer.need.goal"].with_user(cls.user_kuemmerer)

    def _review_activities(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "kuemmerer.need"),
                ("res_id", "=", self.need.id),
                ("summary", "like", "Review goal"),
            ]
        )


@tagged("post_install", "-at_install")
class TestNeedGoal(GoalCommon):
    def test_review_date_gives_an_activity(self):
        goal = self.Goal.create(
            {
                "need_id": self.need.id,
                "name": "Dienstags wieder selbst einkaufen",
                "date_review": "2030-03-01",
            }
        )
        self.assertEqual(goal.owner, "resident")
        activity = self._review_activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity, goal.activity_id)
        self.assertEqual(activity.user_id, self.user_kuemmerer)
        self.assertEqual(activity.date_deadline, date(2030, 3, 1))
        goal.date_review = "2030-04-01"
        self.assertEqual(self._review_activities().date_deadline, date(2030, 4, 1))
        with freeze_time("2030-03-20"):
            goal.action_reached()
        self.assertEqual(
            (goal.state, goal.date_reached), ("reached", date(2030, 3, 20))
        )
        self.assertFalse(self._review_activities(), "marked done")
        goal.action_reopen()
        self.assertFalse(goal.date_reached)
        self.assertEqual(len(self._review_activities()), 1)
        goal.date_review = False
        self.assertFalse(self._review_activities())
        self.assertFalse(
            self.Goal.create(
                {"need_id": self.need.id, "name": "Ohne Datum"}
            ).activity_id
        )

    def test_bad_input(self):
        with self.assertRaisesMessage(ValidationError, "at most 300"):
            self.Goal.create({"need_id": self.need.id, "name": "x" * 301})
        self.assertFalse(self.need.goal_ids)
        with self.assertRaisesMessage(UserError, "add the goals"):
            self.need.with_user(self.user_kuemmerer).action_print_help_plan()

    def test_only_who_looks_after_the_resident(self):
        goal = self.Goal.create({"need_id": self.need.id, "name": "Selbst einkaufen"})
        with self.assertRaises(AccessError):
            goal.with_user(self.user_kuemmerer_b).read(["name"])
        with self.assertRaises(AccessError):
            self.env["kuemmerer.need.goal"].with_user(self.user_kuemmerer_b).create(
                {"need_id": self.need.id, "name": "Fremd"}
            )
        with self.assertRaises(AccessError):
            goal.with_user(self.user_staff).read(["name"])

    def test_goals_reached_by_owner(self):
        owners = ["resident"] * 4 + ["kuemmerer"] * 2 + ["provider"]
        with freeze_time("2025-06-01"):
            goals = self.Goal.create(
                [
                    {"need_id": self.need.id, "name": f"Ziel {i}", "owner": owner}
                    for i, owner in enumerate(owners)
                ]
            )
            goals.action_reached()
            self.Goal.create(
                {"need_id": self.need.id, "name": "Offen", "owner": "volunteer"}
            )
        Report = self.env["kuemmerer.report.annual"].with_user(self.user_manager)
        data = Report._kuemmerer_report_data(date(2025, 1, 1), date(2025, 12, 31))
        section = next(s for s in data["sections"] if s["key"] == "goals_by_owner")
        rows = {
            label: Report._kuemmerer_mask(cells[0]) for label, cells in section["rows"]
        }
        self.assertEqual(
            rows,
            {
                "The resident": "4",
                "Kümmerer": "< 3",
                "Volunteer": "0",
                "Network partner": "< 3",
            },
        )
        self.assertNotIn("Ziel", repr(data))


@tagged("post_install", "-at_install")
class TestHelpPlanPrint(GoalCommon, HttpCase):
    readonly_enabled = False

    def test_print_in_large_type(self):
        self.Goal.create(
            [
                {
                    "need_id": self.need.id,
                    "name": "Dienstags selbst einkaufen",
                    "date_review": "2030-03-01",
                },
                {
                    "need_id": self.need.id,
                    "name": "Pflegegrad beantragen",
                    "owner": "kuemmerer",
                },
                {
                    "need_id": self.need.id,
                    "name": "Nicht mehr gewollt",
                    "state": "dropped",
                },
            ]
        )
        action = self.need.with_user(self.user_kuemmerer).action_print_help_plan()
        self.assertEqual(
            action["report_name"], "kuemmerer_addon.report_kuemmerer_help_plan"
        )
        self.authenticate(self.user_kuemmerer.login, self.user_kuemmerer.login)
        report = "kuemmerer_addon.report_kuemmerer_help_plan"
        url = f"/report/pdf/{report}/{self.need.id}?context={quote(FORCE)}"
        response = self.url_open(url, timeout=60)
        self.assertEqual(response.status_code, 200)
        pages, sizes = test_report_http.TestReportsHttp._read_pdf(
            self, response.content
        )
        text = " ".join(pages)
        for shown in (
            "Ihr Hilfeplan",
            "Das machen Sie selbst",
            "Dienstags selbst einkaufen",
            "Wir sprechen darüber am 01.03.2030",
            "Pflegegrad beantragen",
            "Anna Althaus",
        ):
            self.assertIn(shown, text)
        self.assertLess(
            text.index("Das machen Sie selbst"), text.index("Pflegegrad beantragen")
        )
        for hidden in ("Demenz", "Nicht mehr gewollt"):
            self.assertNotIn(hidden, text)
        self.assertGreaterEqual(min(sizes), 15.5, "large type for the resident")
