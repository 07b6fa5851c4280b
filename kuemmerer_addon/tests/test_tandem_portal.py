# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .german import load_german
from .tandem_common import KuemmererTandemCommon

CSRF_RE = re.compile(r'csrf_token(?:" value=|: )"([^"]+)"')


class KuemmererTandemPortalCommon(HttpCase, KuemmererTandemCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._active_tandem()
        cls.user_kuemmerer.partner_id.phone = "0371 4471200"
        cls.Visit = cls.env["kuemmerer.tandem.visit"]

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return CSRF_RE.search(response.text).group(1)

    def _log(self, tandem=None, **data):
        url = f"/my/kuemmerer/tandems/{(tandem or self.tandem).id}/visit"
        data.setdefault("date", self.today.isoformat())
        data["csrf_token"] = self._csrf("/my/kuemmerer/tandems")
        return self.url_open(url, data=data, allow_redirects=False)


@tagged("post_install", "-at_install", "is_query_count")
class TestTandemPortal(KuemmererTandemPortalCommon):
    def test_my_tandems(self):
        self._login(self.user_portal)
        home = self.url_open("/my")
        self.assertIn("/my/kuemmerer/tandems", home.text)
        page = self.url_open("/my/kuemmerer/tandems")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Anna Althaus", page.text)
        self.assertIn(
            "Lindenstraße 1", page.text, "the resident agreed to share the address"
        )
        self.assertIn("tel:0371", page.text, "whom to call")
        self.assertIn(f"/my/kuemmerer/tandems/{self.tandem.id}/visit", page.text)

    def test_log_a_visit(self):
        self._login(self.user_portal)
        response = self._log(hours="1:30", km="4,5", note="Einkaufen gewesen")
        self.assertEqual(response.status_code, 303)
        self.assertIn(
            "/my/kuemmerer/month?message=logged", response.headers["Location"]
        )
        visit = self.Visit.search([])
        self.assertEqual((visit.hours, visit.km, visit.date), (1.5, 4.5, self.today))
        self.assertEqual(visit.sudo().note, "Einkaufen gewesen")
        self.assertEqual(visit.logged_by_id, self.user_portal)
        self.assertEqual(self.resident_a.last_contact_date, self.today)
        month = self.url_open("/my/kuemmerer/month?message=logged")
        self.assertIn("1:30", month.text)
        self.assertIn("3,75 €", month.text)  # 80 € × 1.5 / 32

    def test_bad_input_writes_nothing(self):
        self._login(self.user_portal)
        tomorrow = (self.today + relativedelta(days=1)).isoformat()
        for data, text in (
            ({"hours": "-1"}, "hours"),
            ({"hours": "abc"}, "hours"),
            ({"hours": "99"}, "hours"),
            ({"hours": "1:75"}, "hours"),
            ({"hours": "2", "km": "-3"}, "kilometres"),
            ({"hours": "2", "date": tomorrow}, "future"),
            ({"hours": "2", "date": "31.02.2026"}, "day of the visit"),
            ({"hours": "2", "note": "<script>alert(1)</script>"}, "plain text"),
            ({"hours": "12", "date": self.tandem.date_start.isoformat()}, None),
            ({"hours": "12", "date": self.tandem.date_start.isoformat()}, None),
            ({"hours": "9", "date": self.tandem.date_start.isoformat()}, "32:00"),
        ):
            with self.subTest(data=data):
                response = self._log(**data)
                if text is None:  # two long visits that fill the month
                    self.assertEqual(response.status_code, 303)
                    continue
                self.assertEqual(response.status_code, 200)
                self.assertIn("alert-danger", response.text)
                self.assertIn(text, response.text)
        self.assertEqual(self.Visit.search_count([]), 2)
        self.assertEqual(self.env["kuemmerer.contact"].search_count([]), 2)

    @mute_logger("odoo.http")
    def test_foreign_and_missing_tandems_answer_404(self):
        other = self.env["res.partner"].create(
            {"name": "Olga Andere", "is_volunteer": True, "volunteer_state": "active"}
        )
        foreign = self.env["kuemmerer.tandem"].create(
            {
                "resident_id": self.resident_a.id,
                "volunteer_id": other.id,
                "programme": "other",
            }
        )
        foreign.action_activate()
        self._login(self.user_portal)
        for tandem_id in (foreign.id, 99999999, 2**40):
            with self.subTest(tandem_id=tandem_id):
                url = f"/my/kuemmerer/tandems/{tandem_id}/visit"
                self.assertEqual(self.url_open(url).status_code, 404)
                csrf = self._csrf("/my/kuemmerer/tandems")
                response = self.url_open(
                    url,
                    data={
                        "csrf_token": csrf,
                        "hours": "1",
                        "date": self.today.isoformat(),
                    },
                )
                self.assertEqual(response.status_code, 404)
        self.assertFalse(self.Visit.search_count([]))
        # another portal user, and an ended tandem
        self._login(self.user_portal_other)
        self.assertEqual(
            self.url_open(f"/my/kuemmerer/tandems/{self.tandem.id}/visit").status_code,
            404,
        )
        self.tandem.action_end()
        self._login(self.user_portal)
        self.assertEqual(
            self.url_open(f"/my/kuemmerer/tandems/{self.tandem.id}/visit").status_code,
            404,
        )

    def test_post_needs_csrf(self):
        self._login(self.user_portal)
        response = self.url_open(
            f"/my/kuemmerer/tandems/{self.tandem.id}/visit",
            data={"hours": "1", "date": self.today.isoformat()},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.Visit.search_count([]))

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        hours=st.text(max_size=12), km=st.text(max_size=12), date=st.text(max_size=14)
    )
    def test_hostile_input(self, hours, km, date):
        self._login(self.user_portal)
        response = self._log(hours=hours, km=km, date=date)
        self.assertIn(response.status_code, (200, 303))
        self.assertNotIn("Traceback", response.text)

    def test_month_parameter(self):
        self._login(self.user_portal)
        for month in ("2026-13", "abc", "1999-01", "9999-12", "", "2026-1"):
            with self.subTest(month=month):
                self.assertEqual(
                    self.url_open(f"/my/kuemmerer/month?month={month}").status_code,
                    200,
                )

    def _add_visits(self, count):
        start = self.tandem.date_start
        for index in range(count):
            self.Visit.create(
                {
                    "tandem_id": self.tandem.id,
                    "date": start + relativedelta(days=index % 28),
                    "hours": 0.5,
                }
            )

    def _count_queries(self, url):
        self.url_open(url)  # warm the caches
        self.env.flush_all()
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before

    def test_query_count_does_not_grow(self):
        self._login(self.user_portal)
        self._add_visits(2)
        month = "/my/kuemmerer/month?month={}".format(
            self.tandem.date_start.strftime("%Y-%m")
        )
        urls = (
            "/my/kuemmerer/tandems",
            month,
            f"/my/kuemmerer/tandems/{self.tandem.id}/visit",
        )
        counts = {url: self._count_queries(url) for url in urls}
        for url, few in counts.items():
            self.assertLess(few, 50, url)
        self._add_visits(20)
        for url, few in counts.items():
            with self.subTest(url=url):
                self.url_open(url)
                with self.assertQueryCount(few):
                    self.assertEqual(self.url_open(url).status_code, 200)


@tagged("post_install", "-at_install")
class TestTandemPortalTour(KuemmererTandemPortalCommon):
    # a phone
    browser_size = "375x812"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_german(cls.env)
        cls.user_portal.lang = "de_DE"

    def test_tandem_visit_tour(self):
        self.start_tour(
            "/my", "kuemmerer_tandem_visit_tour", login=self.user_portal.login
        )
        visit = self.env["kuemmerer.tandem.visit"].search([])
        self.assertEqual(len(visit), 1)
        self.assertEqual((visit.hours, visit.km, visit.date), (1.5, 4.5, self.today))
        self.assertEqual(visit.sudo().note, "Zusammen einkaufen gewesen.")
        self.assertEqual(self.resident_a.last_contact_date, self.today)


@tagged("post_install", "-at_install")
class TestTaskQuestion(KuemmererTandemPortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        category = cls.env.ref("kuemmerer_addon.need_category_care_health")
        cls.need = cls.env["kuemmerer.need"].create(
            {
                "partner_id": cls.resident_a.id,
                "category_id": category.id,
                "description": "Geheim",
            }
        )
        chain = cls.env["kuemmerer.help.chain"].create(
            {"need_id": cls.need.id, "state": "running"}
        )
        cls.step = cls.env["kuemmerer.help.step"].create(
            {
                "chain_id": chain.id,
                "name": "Einkauf erledigen",
                "step_type": "volunteer",
                "volunteer_id": cls.volunteer_partner.id,
                "user_id": cls.user_kuemmerer.id,
            }
        )

    def _ask(self, step_id, question):
        csrf = self._csrf("/my/kuemmerer/tasks")
        return self.url_open(
            f"/my/kuemmerer/tasks/{step_id}/question",
            data={"csrf_token": csrf, "question": question},
            allow_redirects=False,
        )

    def test_question_lands_in_the_need_chatter(self):
        self._login(self.user_portal)
        page = self.url_open("/my/kuemmerer/tasks")
        self.assertIn(f"/my/kuemmerer/tasks/{self.step.id}/question", page.text)
        response = self._ask(self.step.id, "Soll ich auch Brot mitbringen?")
        self.assertEqual(response.status_code, 303)
        message = self.need.message_ids.filtered(lambda m: "Brot" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.volunteer_partner)
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "kuemmerer.need"),
                ("res_id", "=", self.need.id),
                ("summary", "like", self.volunteer_partner.name),
            ]
        )
        self.assertEqual(activity.user_id, self.user_kuemmerer)
        thanks = self.url_open(response.headers["Location"])
        self.assertNotIn("Geheim", thanks.text)

    @mute_logger("odoo.http")
    def test_bad_questions(self):
        self._login(self.user_portal)
        count = len(self.need.message_ids)
        for question in ("", "   ", "<b>x</b>", "x" * 2001):
            with self.subTest(question=question[:10]):
                response = self._ask(self.step.id, question)
                self.assertEqual(response.status_code, 200)
                self.assertIn("alert-danger", response.text)
        self.assertEqual(self._ask(99999999, "Hallo?").status_code, 404)
        self._login(self.user_portal_other)
        self.assertEqual(self._ask(self.step.id, "Hallo?").status_code, 404)
        self.assertEqual(len(self.need.message_ids), count)
