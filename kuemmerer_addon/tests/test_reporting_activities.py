# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Annual report sections for volunteers, shifts, events and home visits,
checked against hand-counted fixtures (including the "< 3" rule)."""

from datetime import date

from odoo.tests import tagged

from .test_reporting import ReportingCommon


@tagged("post_install", "-at_install")
class TestActivityReport(ReportingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.volunteers = Partner.create(
            [
                {
                    "name": f"Freiwillig {i}",
                    "is_volunteer": True,
                    "volunteer_state": "active",
                    "quarter_id": cls.quarter_a.id,
                }
                for i in range(4)
            ]
        )
        Shift = cls.env["kuemmerer.shift"]
        # March 2025: three volunteers, 2 h each; April 2025: two volunteers
        march = Shift.create(
            {
                "name": "Café März",
                "quarter_id": cls.quarter_a.id,
                "seats_max": 4,
                "date_begin": "2025-03-04 13:00:00",
                "date_end": "2025-03-04 15:00:00",
            }
        )
        april = Shift.create(
            {
                "name": "Café April",
                "quarter_id": cls.quarter_a.id,
                "seats_max": 4,
                "date_begin": "2025-04-01 13:00:00",
                "date_end": "2025-04-01 15:00:00",
            }
        )
        Registration = cls.env["kuemmerer.shift.registration"]
        for shift, volunteers in (
            (march, cls.volunteers[:3]),
            (april, cls.volunteers[:2]),
        ):
            Registration.create(
                [{"shift_id": shift.id, "partner_id": v.id} for v in volunteers]
            )
            # written directly: the report only counts what happened
            shift.registration_ids.write({"state": "attended"})
            shift.write({"state": "done"})

    def test_volunteer_hours_masked_below_three(self):
        rows = self._masked_rows(self._section(self._data(), "volunteers"))
        march = next(
            cells
            for label, cells in rows.items()
            if "2025" in label and ("März" in label or "March" in label)
        )
        april = next(
            cells
            for label, cells in rows.items()
            if "2025" in label and "April" in label
        )
        self.assertEqual(march, ["3", "6,0"] if "," in march[1] else ["3", "6.0"])
        self.assertEqual(april, ["< 3", "hidden (fewer than 3 cases)"])

    def test_shift_seats(self):
        # a shift without a limit counts as a shift, not in the share of filled seats
        open_cafe = self.env["kuemmerer.shift"].create(
            {
                "name": "Offenes Café",
                "quarter_id": self.quarter_a.id,
                "seats_max": 0,
                "date_begin": "2025-05-06 13:00:00",
                "date_end": "2025-05-06 15:00:00",
            }
        )
        self.env["kuemmerer.shift.registration"].create(
            [
                {"shift_id": open_cafe.id, "partner_id": v.id}
                for v in self.volunteers[:3]
            ]
        )
        open_cafe.registration_ids.write({"state": "attended"})
        open_cafe.write({"state": "done"})
        self.assertEqual(open_cafe.seats_taken, 3)
        section = self._section(self._data(), "shifts")
        ((label, cells),) = section["rows"]
        self.assertEqual(label, self.quarter_a.name)
        self.assertEqual(cells[:2], [3, 8])
        self.assertIn(
            self.Report._kuemmerer_mask(cells[2]), ("62 %", "63 %")
        )  # 5 of 8 seats

    def test_events_and_visits_sections_present(self):
        data = self._data()
        events = self._section(data, "events")
        self.assertEqual([cells[0] for _label, cells in events["rows"]], [0, 0, 0, 0])
        visits = self._section(data, "visits")
        self.assertEqual(self.Report._kuemmerer_mask(visits["rows"][2][1][0]), "–")

    def test_pdf_contains_volunteer_section(self):
        import subprocess
        import tempfile

        wizard = (
            self.env["kuemmerer.annual.report.wizard"]
            .with_user(self.user_manager)
            .create({"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)})
        )
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_manager)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "kuemmerer_addon.action_report_kuemmerer_annual", wizard.ids
            )
        )
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", handle.name, "-"],
                capture_output=True,
                text=True,
            ).stdout
        self.assertIn("Volunteers per month", text)
        self.assertRegex(text, r"Preventive home visits")
