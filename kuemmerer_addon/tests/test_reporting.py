# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Annual report, XLSX export and dashboard against hand-counted fixtures."""

import base64
import io
import re
import subprocess
import tempfile
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KuemmererCommon


class ReportingCommon(KuemmererCommon):
    """Hand-counted fixture, period 2025:

    needs detected in 2025: 8 -- Einsamkeit 5, Pflege 2, Wohnen 1;
    quarter A 6, quarter B 2; resolved 4 (days 10, 20, 30, 40: average 25.0),
    share resolved 4/8 = 50 %; new 4. One need in 2024 (previous period),
    one in 2026 (outside). Contacts in 2025: 5 (phone 4, visit 1) by
    3 residents. Durations to the first step: no step done (shown as "–").
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["kuemmerer.need.category"]
        cls.cat_lonely = Category.create({"name": "Einsamkeit", "code": "T_LON"})
        cls.cat_care = Category.create({"name": "Pflegebedarf", "code": "T_CARE"})
        cls.cat_flat = Category.create({"name": "Wohnungsfrage", "code": "T_FLAT"})
        Partner = cls.env["res.partner"]
        cls.residents_a = Partner.create(
            [
                {
                    "name": f"Bewohnerin A{i}",
                    "is_resident": True,
                    "quarter_id": cls.quarter_a.id,
                }
                for i in range(6)
            ]
        )
        cls.residents_b = Partner.create(
            [
                {
                    "name": f"Bewohner B{i}",
                    "is_resident": True,
                    "quarter_id": cls.quarter_b.id,
                }
                for i in range(2)
            ]
        )
        ra, rb = cls.residents_a, cls.residents_b
        with freeze_time("2026-02-01"):
            Need = cls.env["kuemmerer.need"]

            def need(partner, category, detected):
                return Need.create(
                    {
                        "partner_id": partner.id,
                        "category_id": category.id,
                        "date_detected": detected,
                    }
                )

            lonely = [
                need(ra[i], cls.cat_lonely, date(2025, 3 + i, 1)) for i in range(5)
            ]
            care = [
                need(ra[5], cls.cat_care, date(2025, 6, 10)),
                need(rb[0], cls.cat_care, date(2025, 7, 1)),
            ]
            flat = need(rb[1], cls.cat_flat, date(2025, 9, 1))
            need(ra[0], cls.cat_lonely, date(2024, 5, 1))
            need(ra[1], cls.cat_lonely, date(2026, 1, 15))
            for record, days in zip(
                lonely[:3] + care[:1], (10, 20, 30, 40), strict=False
            ):
                record.write(
                    {
                        "state": "resolved",
                        "date_resolved": date.fromordinal(
                            record.date_detected.toordinal() + days
                        ),
                    }
                )
            cls.needs_2025 = Need.browse([n.id for n in lonely + care] + [flat.id])
            Contact = cls.env["kuemmerer.contact"]
            Contact.create(
                [
                    {
                        "partner_id": ra[0].id,
                        "channel": "phone",
                        "date": datetime(2025, 2, 1, 10),
                    },
                    {
                        "partner_id": ra[0].id,
                        "channel": "phone",
                        "date": datetime(2025, 3, 1, 10),
                    },
                    {
                        "partner_id": ra[0].id,
                        "channel": "phone",
                        "date": datetime(2025, 4, 1, 10),
                    },
                    {
                        "partner_id": ra[1].id,
                        "channel": "visit",
                        "date": datetime(2025, 4, 2, 10),
                    },
                    {
                        "partner_id": rb[0].id,
                        "channel": "phone",
                        "date": datetime(2025, 5, 2, 10),
                    },
                    {
                        "partner_id": rb[1].id,
                        "channel": "phone",
                        "date": datetime(2024, 5, 2, 10),
                    },
                ]
            )
        cls.Report = cls.env["kuemmerer.report.annual"].with_user(cls.user_manager)

    def _data(self, quarters=None):
        return self.Report._kuemmerer_report_data(
            date(2025, 1, 1), date(2025, 12, 31), quarters
        )

    def _section(self, data, key):
        return next(section for section in data["sections"] if section["key"] == key)

    def _masked_rows(self, section):
        return {
            label: [self.Report._kuemmerer_mask(cell) for cell in cells]
            for label, cells in section["rows"]
        }


@tagged("post_install", "-at_install")
class TestAnnualReport(ReportingCommon):
    def test_mask(self):
        mask = self.Report._kuemmerer_mask
        self.assertEqual(
            [mask(n) for n in (0, 1, 2, 3, 17)], ["0", "< 3", "< 3", "3", "17"]
        )
        cell = self.Report._kuemmerer_cell
        self.assertEqual(mask(cell(12.0, 2, "days")), "hidden (fewer than 3 cases)")
        self.assertEqual(mask(cell(12.25, 3, "days")), "12,2")
        self.assertEqual(mask(cell(50.0, 8, "percent")), "50 %")
        self.assertEqual(mask(cell(0.0, 0, "days")), "–")

    def test_figures(self):
        data = self._data()
        overview = self._masked_rows(self._section(data, "overview"))
        labels = self.Report._kuemmerer_overview_labels()
        self.assertEqual(overview[labels["needs_detected"]], ["8", "< 3"])
        self.assertEqual(overview[labels["needs_resolved"]], ["4", "0"])
        self.assertEqual(
            overview[labels["share_resolved"]], ["50 %", "hidden (fewer than 3 cases)"]
        )
        self.assertEqual(overview[labels["days_to_resolution"]], ["25,0", "–"])
        self.assertEqual(overview[labels["days_to_first_step"]], ["–", "–"])
        self.assertEqual(overview[labels["contacts"]], ["5", "< 3"])
        self.assertEqual(overview[labels["residents_reached"]], ["3", "< 3"])
        self.assertEqual(
            self._masked_rows(self._section(data, "needs_by_category_id")),
            {"Einsamkeit": ["5"], "Pflegebedarf": ["< 3"], "Wohnungsfrage": ["< 3"]},
        )
        self.assertEqual(
            self._masked_rows(self._section(data, "needs_by_quarter_id")),
            {"Quartier A": ["6"], "Quartier B": ["< 3"]},
        )
        states = self._section(data, "needs_by_state")["rows"]
        self.assertEqual([cells for _label, cells in states], [[4], [4]])
        channels = self._masked_rows(self._section(data, "contacts_by_channel"))
        self.assertEqual(sorted(channels.values()), [["4"], ["< 3"]])
        months = self._section(data, "needs_by_month")["rows"]
        self.assertEqual(len(months), 12)
        self.assertEqual(sum(cells[0] for _label, cells in months), 8)

    def test_quarter_filter(self):
        data = self._data(self.quarter_b)
        self.assertEqual(data["quarters"], "Quartier B")
        overview = self._section(data, "overview")["rows"]
        self.assertEqual(overview[2][1], [2, 0])  # needs detected in quarter B
        self.assertEqual(
            self._masked_rows(self._section(data, "needs_by_category_id")),
            {"Pflegebedarf": ["< 3"], "Wohnungsfrage": ["< 3"]},
        )

    def test_no_sensitive_texts(self):
        self.needs_2025[0].description = "Vertraulich: Streit mit der Tochter"
        data = self._data()
        text = repr(data)
        self.assertNotIn("Vertraulich", text)
        for resident in self.residents_a | self.residents_b:
            self.assertNotIn(resident.name, text)

    def test_pdf(self):
        wizard = (
            self.env["kuemmerer.annual.report.wizard"]
            .with_user(self.user_manager)
            .create({"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)})
        )
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_manager)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "kuemmerer_addon.action_report_kuemmerer_annual", wizard.ids
            )
        )
        self.assertEqual(kind, "pdf")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", handle.name, "-"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        self.assertIn("01/01/2025 – 12/31/2025", text)
        self.assertRegex(text, r"Einsamkeit\s+5\b")
        # pdftotext sometimes drops the space of "< 3" (kerning)
        self.assertRegex(text, r"Pflegebedarf\s+< ?3")
        self.assertRegex(text, r"Wohnungsfrage\s+< ?3")
        self.assertRegex(text, r"Quartier A\s+6\b")
        self.assertRegex(text, r"Quartier B\s+< ?3")
        self.assertRegex(text, r"Needs detected\s+8\s+< ?3")
        self.assertRegex(text, r"50 %\s+hidden")
        self.assertRegex(text, r"25,0\s+–")
        self.assertNotIn("Bewohnerin A0", text)

    def test_xlsx(self):
        import openpyxl

        wizard = (
            self.env["kuemmerer.annual.report.wizard"]
            .with_user(self.user_manager)
            .create({"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)})
        )
        action = wizard.action_export_xlsx()
        self.assertIn("/xlsx_file/", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        rows = [
            tuple(cell for cell in row)
            for row in book.active.iter_rows(values_only=True)
        ]
        by_label = {row[0]: row[1:] for row in rows if row and row[0]}
        self.assertEqual(by_label["Einsamkeit"][0], 5)
        self.assertEqual(by_label["Pflegebedarf"][0], "< 3")
        self.assertEqual(by_label["Wohnungsfrage"][0], "< 3")
        self.assertEqual(by_label["Quartier B"][0], "< 3")
        labels = self.Report._kuemmerer_overview_labels()
        self.assertEqual(by_label[labels["needs_detected"]][:2], (8, "< 3"))
        self.assertEqual(by_label[labels["days_to_resolution"]][:2], (25.0, "–"))
        self.assertFalse(
            any("Bewohner" in str(value) for row in rows for value in row if value)
        )

    def test_access(self):
        for user in (self.user_kuemmerer, self.user_staff, self.user_internal):
            with self.assertRaises(AccessError):
                self.env["kuemmerer.report.annual"].with_user(
                    user
                )._kuemmerer_report_data(date(2025, 1, 1), date(2025, 12, 31))
            with self.assertRaises(AccessError):
                self.env["kuemmerer.annual.report.wizard"].with_user(user).create({})
            with self.assertRaises(AccessError):
                self.env["kuemmerer.dashboard"].with_user(user).create({})

    def test_extension_hook(self):
        """A further feature adds its section with one override."""
        Report = type(self.env["kuemmerer.report.annual"])
        original = Report._kuemmerer_report_sections

        def with_extra(report, date_from, date_to, quarters):
            sections = original(report, date_from, date_to, quarters)
            sections.append(
                report._kuemmerer_section(
                    "extra", "Einsätze", "Monat", [("Januar", [2])]
                )
            )
            return sections

        self.patch(Report, "_kuemmerer_report_sections", with_extra)
        section = self._section(self._data(), "extra")
        self.assertEqual(self._masked_rows(section), {"Januar": ["< 3"]})


@tagged("post_install", "-at_install")
class TestDurations(KuemmererCommon):
    def test_durations_stored(self):
        category = self.env.ref("kuemmerer_addon.need_category_care_health")
        template = self.env["kuemmerer.help.chain.template"].create(
            {
                "name": "Kurz",
                "step_ids": [
                    (
                        0,
                        0,
                        {
                            "sequence": 1,
                            "name": "Anrufen",
                            "step_type": "contact_resident",
                            "delay_days": 2,
                        },
                    )
                ],
            }
        )
        with freeze_time("2026-03-01"):
            need = self.env["kuemmerer.need"].create(
                {
                    "partner_id": self.resident_a.id,
                    "category_id": category.id,
                    "date_detected": date(2026, 2, 20),
                }
            )
            chain = need.action_apply_chain_template(template.id)
        self.assertEqual(need.days_to_first_step, 0)
        self.assertFalse(need.has_overdue_step)
        with freeze_time("2026-03-06"):
            chain.step_ids.action_done()
            need.action_resolve()
        self.assertEqual(need.date_first_step, date(2026, 3, 6))
        self.assertEqual(need.days_to_first_step, 14)
        self.assertEqual(need.days_to_resolution, 14)
        self.assertTrue(
            need.has_overdue_step, "the step was done after its due date (03.03.)"
        )
        # stored: groupable and averageable
        [(avg,)] = self.env["kuemmerer.need"]._read_group(
            [("id", "=", need.id)], [], ["days_to_resolution:avg"]
        )
        self.assertEqual(avg, 14)


@tagged("post_install", "-at_install", "is_query_count")
class TestDashboard(ReportingCommon):
    def _count(self, func):
        func()
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        func()
        return self.env.cr.sql_log_count - start

    def test_dashboard_renders(self):
        with freeze_time("2026-02-01"):
            dashboard = (
                self.env["kuemmerer.dashboard"]
                .with_user(self.user_manager)
                .create({"year": 2025})
            )
            html = str(dashboard.dashboard_html)
        self.assertIn("Einsamkeit", html)
        self.assertIn("01/01/2025 – 12/31/2025", html)
        self.assertRegex(html, re.compile(r"fw-bold fs-2\">\s*8", re.S))
        # as in the report: two people with care needs are "< 3", without a bar
        self.assertRegex(
            html,
            re.compile(
                r"Pflegebedarf</td>\s*<td[^>]*>&lt; 3</td>\s*<td>\s*</td>", re.S
            ),
        )
        self.assertRegex(
            html, re.compile(r"Einsamkeit</td>\s*<td[^>]*>5</td>\s*<td>\s*<div", re.S)
        )

    def test_dashboard_query_budget(self):
        def render():
            with freeze_time("2026-02-01"):
                dashboard = (
                    self.env["kuemmerer.dashboard"]
                    .with_user(self.user_manager)
                    .new({"year": 2025})
                )
                return dashboard._kuemmerer_render()

        few = self._count(render)
        category = self.cat_lonely
        with freeze_time("2026-02-01"):
            self.env["kuemmerer.need"].create(
                [
                    {
                        "partner_id": self.residents_a[i % 6].id,
                        "category_id": category.id,
                        "date_detected": date(2025, 1 + i % 12, 5),
                    }
                    for i in range(60)
                ]
            )
            self.env["kuemmerer.contact"].create(
                [
                    {
                        "partner_id": self.residents_a[i % 6].id,
                        "channel": "other",
                        "date": datetime(2025, 6, 1, 9),
                    }
                    for i in range(30)
                ]
            )
        many = self._count(render)
        self.assertLessEqual(
            many, few, "the dashboard's queries grow with the number of needs"
        )
        self.assertLessEqual(many, 40)
