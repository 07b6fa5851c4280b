# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Stairwell notices (Aushang): one A4 page per building, large type, the
office hours (a recurring calendar event) or a neighbourhood event, and the
public form's address as a QR code; printed over HTTP as the web client does,
checked with pdftotext."""

import json
import os
from datetime import datetime, timedelta
from urllib.parse import quote, urlencode

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from . import test_report_http
from .common import KuemmererCommon

FORCE = test_report_http.FORCE


@tagged("post_install", "-at_install")
class TestStairwellNotice(HttpCase, KuemmererCommon):
    readonly_enabled = False
    _read_pdf = test_report_http.TestReportsHttp._read_pdf

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Building = cls.env["kuemmerer.building"]
        cls.buildings = Building.create(
            [
                {"name": "Lindenstraße 1", "quarter_id": cls.quarter_a.id},
                {"name": "Lindenstraße 3 A", "quarter_id": cls.quarter_a.id},
            ]
        )
        cls.resident_a.building_id = cls.buildings[0]
        # office hours every Tuesday, 10:00 to 12:00 (UTC in winter: 9:00)
        today = datetime.now().date()
        tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
        start = datetime.combine(tuesday, datetime.min.time()) + timedelta(hours=9)
        cls.office_hours = (
            cls.env["calendar.event"]
            .with_user(cls.user_kuemmerer)
            .with_context(no_mail_to_attendees=True)
            .create(
                {
                    "name": "Sprechstunde",
                    "is_office_hours": True,
                    "quarter_id": cls.quarter_a.id,
                    "start": start,
                    "stop": start + timedelta(hours=2),
                    "location": "Nachbarschaftscafé, Lindenstraße 1",
                    "recurrency": True,
                    "rrule_type": "weekly",
                    "interval": 1,
                    "tue": True,
                    "end_type": "count",
                    "count": 10,
                }
            )
        )
        cls.user_kuemmerer.partner_id.phone = "0371 777888"
        cls.env["ir.config_parameter"].sudo().set_param(
            "web.base.url", "https://wg-lindenhof.example"
        )

    def _print_from_wizard(self, wizard):
        action = wizard.action_print()
        url = "/report/pdf/{}?options={}&context={}".format(
            action["report_name"],
            quote(json.dumps(action["data"])),
            quote(json.dumps(action["context"])),
        )
        self.authenticate(self.user_kuemmerer.login, self.user_kuemmerer.login)
        response = self.url_open(
            "/report/download?"
            + urlencode({"data": json.dumps([url, "qweb-pdf"]), "context": FORCE}),
            timeout=60,
        )
        self.assertEqual(response.status_code, 200)
        if os.environ.get("KUEMMERER_KEEP_PDF"):
            with open(os.environ["KUEMMERER_KEEP_PDF"], "wb") as handle:
                handle.write(response.content)
        return self._read_pdf(response.content)

    def test_office_hours_one_page_per_building(self):
        wizard = (
            self.env["kuemmerer.notice.wizard"]
            .with_user(self.user_kuemmerer)
            .create(
                {
                    "quarter_id": self.quarter_a.id,
                    "subject": "office_hours",
                    "office_hours_id": self.office_hours.id,
                    "note": "Kaffee und Kuchen gibt es auch.",
                }
            )
        )
        pages, sizes = self._print_from_wizard(wizard)
        self.assertEqual(len(pages), 2, "one page per building")
        for page, building in zip(pages, self.buildings, strict=True):
            self.assertIn("Sprechstunde im Quartier", page)
            self.assertIn("jeden Dienstag, 10:00 bis 12:00 Uhr", page)
            self.assertIn("Nachbarschaftscafé, Lindenstraße 1", page)
            self.assertIn("Telefon 0371 777888", page)
            self.assertIn("Kaffee und Kuchen gibt es auch.", page)
            self.assertIn("wg-lindenhof.example/kuemmerer/hinweis", page)
            self.assertIn(f"Aushang für {building.name}", page)
            # no resident is named
            self.assertNotIn(self.resident_a.name, page)
        self.assertGreaterEqual(min(sizes), 17.5, f"large type: {sizes}")

    def test_event_notice_for_chosen_buildings(self):
        start = datetime.now().replace(microsecond=0) + timedelta(days=10)
        event = self.env["calendar.event"].create(
            {
                "name": "Hoffest im Lindenhof",
                "is_neighbourhood_event": True,
                "quarter_id": self.quarter_a.id,
                "start": start,
                "stop": start + timedelta(hours=3),
                "location": "Innenhof",
                "user_id": self.user_kuemmerer.id,
            }
        )
        wizard = (
            self.env["kuemmerer.notice.wizard"]
            .with_user(self.user_kuemmerer)
            .with_context(
                active_model="kuemmerer.building", active_ids=self.buildings[1].ids
            )
            .create({"subject": "event", "event_id": event.id})
        )
        self.assertEqual(wizard.quarter_id, self.quarter_a)
        self.assertEqual(wizard.building_ids, self.buildings[1])
        pages, _sizes = self._print_from_wizard(wizard)
        self.assertEqual(len(pages), 1)
        self.assertIn("Hoffest im Lindenhof", pages[0])
        self.assertIn(event._kuemmerer_when_text()[: -len(" Uhr")], pages[0])
        self.assertIn("Aushang für Lindenstraße 3 A", pages[0])

    def test_clear_messages(self):
        Wizard = self.env["kuemmerer.notice.wizard"].with_user(self.user_kuemmerer)
        with self.assertRaisesMessage(UserError, "choose the neighbourhood event"):
            Wizard.create(
                {"quarter_id": self.quarter_a.id, "subject": "event"}
            ).action_print()
        with self.assertRaisesMessage(UserError, "has no buildings yet"):
            Wizard.create(
                {
                    "quarter_id": self.quarter_b.id,
                    "subject": "office_hours",
                    "office_hours_id": self.office_hours.id,
                }
            ).action_print()
