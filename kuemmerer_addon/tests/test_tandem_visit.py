# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .tandem_common import KuemmererTandemCommon


@tagged("post_install", "-at_install")
class TestTandemVisit(KuemmererTandemCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._active_tandem()
        cls.Visit = cls.env["kuemmerer.tandem.visit"]
        cls.last_month = cls._month_start(cls.today) - relativedelta(months=1)

    def _visit(self, **vals):
        return self.Visit.with_user(self.user_kuemmerer).create(
            {"tandem_id": self.tandem.id, "date": self.last_month, "hours": 2.0, **vals}
        )

    def test_visit_is_a_contact_for_the_radar(self):
        self.assertFalse(self.resident_a.last_contact_date)
        visit = self._visit(
            date=self.today - relativedelta(days=1), km=3.5, note="Spaziergang"
        )
        contact = visit.sudo().contact_id
        self.assertEqual(contact.partner_id, self.resident_a)
        self.assertEqual(contact.user_id, self.user_kuemmerer)
        self.assertNotIn("Spaziergang", contact.summary, "the note stays on the visit")
        self.assertEqual(
            self.resident_a.last_contact_date, self.today - relativedelta(days=1)
        )
        visit.unlink()
        self.assertFalse(contact.exists())
        self.assertFalse(self.resident_a.last_contact_date)

    def test_bad_visits_refused(self):
        for vals, regex in (
            ({"date": self.today + relativedelta(days=1)}, r"future|Zukunft"),
            ({"hours": -1}, r"hours|Stunden"),
            ({"hours": 0}, r"hours|Stunden"),
            ({"hours": 30}, r"hours|Stunden"),
            ({"km": -2}, r"kilometres|Kilometer"),
            ({"km": 5000}, r"kilometres|Kilometer"),
            ({"date": self.tandem.date_start - relativedelta(days=1)}, r"began|begann"),
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesMessage(ValidationError, regex),
            ):
                self._visit(**vals)
        self.assertFalse(self.Visit.search_count([]))
        self.assertFalse(self.env["kuemmerer.contact"].search_count([]))

    def test_month_limit(self):
        self._visit(hours=12)
        self._visit(hours=12)
        self._visit(hours=8)
        with self.assertRaisesMessage(ValidationError, r"32:00"):
            self._visit(hours=0.5)
        # another month is free again
        self._visit(hours=2, date=self.last_month - relativedelta(days=1))
        self.assertEqual(self.Visit.search_count([]), 4)

    def test_tandem_limit_below_programme(self):
        self.tandem.hours_month_max = 4
        self._visit(hours=3)
        with self.assertRaisesMessage(ValidationError, r"4:00"):
            self._visit(hours=1.5)

    def test_no_visits_in_proposed_or_ended_tandem(self):
        self.tandem.action_end()
        with self.assertRaisesMessage(UserError, r"active tandem|aktiven"):
            self._visit()

    def test_kuemmerer_of_other_quarter_and_staff(self):
        visit = self._visit(note="vertraulich")
        self.assertFalse(self.Visit.with_user(self.user_kuemmerer_b).search([]))
        with self.assertRaises(AccessError):
            self.Visit.with_user(self.user_staff).search([])
        with self.assertRaises(AccessError):
            self.Visit.with_user(self.user_kuemmerer_b).create(
                {"tandem_id": self.tandem.id, "date": self.last_month, "hours": 1}
            )
        # the volunteer reads their visit, not the note through the ORM
        own = self.Visit.with_user(self.user_portal).search([])
        self.assertEqual(own, visit)
        with self.assertRaises(AccessError):
            own.read(["note"])

    def test_statement(self):
        self._visit(hours=8, km=10)
        self._visit(hours=4, km=2.5, date=self.last_month + relativedelta(days=3))
        [statement] = self.env["kuemmerer.tandem.statement"]._statements(
            self.last_month
        )
        self.assertEqual(statement["volunteer"], self.volunteer_partner.name)
        self.assertEqual(
            (statement["hours"], statement["km"], statement["allowance"]),
            (12, 12.5, 30),
        )
        self.assertEqual(statement["allowance_text"], "30,00 €")
        self.assertEqual(
            [line["resident"] for line in statement["lines"]], ["Anna Althaus"] * 2
        )
        # the Kümmerer of another quarter gets nothing
        self.assertFalse(
            self.env["kuemmerer.tandem.statement"]
            .with_user(self.user_kuemmerer_b)
            ._statements(self.last_month)
        )

    def test_statement_pdf_and_xlsx(self):
        self._visit(hours=8, km=10, note="Geheime Notiz")
        wizard = (
            self.env["kuemmerer.tandem.statement.wizard"]
            .with_user(self.user_kuemmerer)
            .create({"month": self.last_month})
        )
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user_kuemmerer)
            ._render_qweb_html(
                "kuemmerer_addon.report_kuemmerer_tandem_statement", wizard.ids
            )[0]
            .decode()
        )
        self.assertIn(self.volunteer_partner.name, html)
        self.assertIn("Anna Althaus", html)
        self.assertIn("20,00 €", html)
        self.assertNotIn("Geheime Notiz", html)
        action = wizard.action_export_xlsx()
        self.assertIn("xlsx_file", action["url"])
        self.assertTrue(wizard.xlsx_file)
        empty = wizard.create({"month": self.last_month - relativedelta(months=6)})
        with self.assertRaisesMessage(UserError, r"no visits|keine"):
            empty.action_print_pdf()

    def test_disclosure_and_erasure(self):
        self._visit(note="Geheime Notiz")
        self.tandem.agreement = "Dienstags Einkauf"
        Privacy = self.env["kuemmerer.privacy"].with_user(self.user_manager)
        data = Privacy._collect(self.resident_a)
        sections = {section["model"]: section for section in data["sections"]}
        self.assertEqual(
            sections["kuemmerer.tandem"]["records"][0]["agreement"], "Dienstags Einkauf"
        )
        self.assertEqual(
            sections["kuemmerer.tandem.visit"]["records"][0]["note"], "Geheime Notiz"
        )
        self.assertIn("care_level", data["resident"])
        Privacy._anonymise(self.resident_a)
        self.assertFalse(self.tandem.agreement)
        self.assertFalse(self.tandem.visit_ids.note)
        self.assertFalse(self._file(self.resident_a).care_level)
        self.assertFalse(
            self.env["mail.message"].search(
                [("model", "=", "kuemmerer.tandem"), ("res_id", "=", self.tandem.id)]
            )
        )
