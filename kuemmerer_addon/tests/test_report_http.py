# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every report of the addon as the running server delivers it over HTTP,
printed by the role that prints it, for one record and for several: a PDF
with real text (pdftotext), each record starting on a page of its own with the
cooperative's letterhead, large type in what residents read."""

import json
import re
import statistics
import subprocess
import tempfile
from datetime import date, timedelta
from urllib.parse import quote, urlencode

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import KuemmererCommon

# DejaVu Sans: the box pdftotext gives a word is 1.164 em high (ascent + descent)
EM_BOX = 1.164
WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">')

# in test mode, Odoo answers /report/pdf with HTML unless told otherwise
FORCE = json.dumps({"force_report_rendering": True})
COMPANY = "Wohnungsgenossenschaft Lindenhof eG"
LETTERHEAD = [
    COMPANY,
    "Genossenschaftsweg 1 · 09111 Teststadt",
    "Telefon 0371 1234560 · E-Mail info@wg-lindenhof.example",
]


@tagged("post_install", "-at_install")
class TestReportsHttp(HttpCase, KuemmererCommon):
    # /report/* is a read-only route; the Art. 15 disclosure logs its reading
    # through a cursor of its own then (a second connection in production),
    # which the test cursor cannot open inside a read-only one
    readonly_enabled = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "name": COMPANY,
                "street": "Genossenschaftsweg 1",
                "zip": "09111",
                "city": "Teststadt",
                "phone": "0371 1234560",
                "email": "info@wg-lindenhof.example",
                "website": False,
            }
        )
        cls.resident_a.write({"zip": "09111", "city": "Teststadt"})
        cls.resident_b.write(
            {"street": "Birkenweg 2", "zip": "09112", "city": "Teststadt"}
        )
        # network partners for the directories
        ServiceType = cls.env["kuemmerer.service.type"]
        care = ServiceType.create({"name": "Pflegeberatung Quartier"})
        food = ServiceType.create({"name": "Einkaufshilfe Quartier"})
        cls.env["res.partner"].create(
            [
                {
                    "name": "Pflegestützpunkt Nord",
                    "is_company": True,
                    "is_provider": True,
                    "phone": "0371 555111",
                    "service_type_ids": [(6, 0, care.ids)],
                    "service_quarter_ids": [(6, 0, cls.quarter_a.ids)],
                },
                {
                    "name": "Tafel Süd",
                    "is_company": True,
                    "is_provider": True,
                    "phone": "0371 555222",
                    "service_type_ids": [(6, 0, food.ids)],
                    "service_quarter_ids": [(6, 0, cls.quarter_b.ids)],
                },
            ]
        )

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _read_pdf(self, content):
        """(pages as text with single spaces, median type size per page in pt)"""
        self.assertTrue(content.startswith(b"%PDF"), content[:300])
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(content)
            handle.flush()

            def run(*args):
                return subprocess.run(
                    [*args, handle.name, "-"],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout

            text = run("pdftotext", "-layout")
            boxes = run("pdftotext", "-bbox")
        pages = [" ".join(page.split()) for page in text.split("\f")[:-1]]
        sizes = []
        for page in boxes.split("<page ")[1:]:
            heights = [float(y1) - float(y0) for y0, y1 in WORD.findall(page)]
            sizes.append(statistics.median(heights) / EM_BOX if heights else 0)
        self.assertEqual(len(sizes), len(pages))
        return pages, sizes

    def _print(self, user, report_name, records):
        # the disclosure lists the access log, which each print lengthens:
        # every print starts from the same log
        self.env["kuemmerer.access.log"].sudo().search([]).unlink()
        self.authenticate(user.login, user.login)
        url = "/report/pdf/{}/{}?context={}".format(
            report_name,
            ",".join(str(i) for i in records.ids),
            quote(FORCE),
        )
        response = self.url_open(url, timeout=60)
        self.assertEqual(response.status_code, 200, url)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        return self._read_pdf(response.content)

    def _first_pages(self, pages, marker):
        return [index for index, page in enumerate(pages) if page.startswith(marker)]

    def _check_one_and_several(self, user, report_name, records, texts, min_size=None):
        """Print each record alone, then all together: together, each record
        begins on a new page with the letterhead and takes as many pages as
        alone. ``texts``: per record, what its pages contain (the first one
        appears in no other record's pages)."""
        self.assertEqual(len(records), len(texts))
        single = []
        for record in records:
            pages, sizes = self._print(user, report_name, record)
            self.assertEqual(
                self._first_pages(pages, " ".join(LETTERHEAD)), [0], pages[0][:300]
            )
            if min_size:
                self.assertGreaterEqual(
                    min(sizes), min_size, f"type too small: {sizes}"
                )
            single.append(len(pages))
        pages, sizes = self._print(user, report_name, records)
        starts = self._first_pages(pages, " ".join(LETTERHEAD))
        self.assertEqual(
            starts,
            [sum(single[:i]) for i in range(len(single))],
            "one record after the other",
        )
        self.assertEqual(len(pages), sum(single))
        if min_size:
            self.assertGreaterEqual(min(sizes), min_size, f"type too small: {sizes}")
        for index, expected in enumerate(texts):
            own = " ".join(pages[starts[index] : starts[index] + single[index]])
            for text in expected:
                self.assertIn(text, own)
            for other in texts:
                if other is not expected:
                    self.assertNotIn(other[0], own)
        return pages

    # ------------------------------------------------------------
    # TESTS
    # ------------------------------------------------------------

    def test_privacy_disclosure(self):
        records = self.resident_a | self.resident_b
        self.env["kuemmerer.contact"].create(
            {
                "partner_id": self.resident_b.id,
                "channel": "phone",
                "summary": "Anruf wegen Heizung",
            }
        )
        pages = self._check_one_and_several(
            self.user_manager,
            "kuemmerer_addon.report_kuemmerer_privacy",
            records,
            [
                [
                    "Anna Althaus Lindenstraße 1 09111 Teststadt",
                    "Auskunft über Ihre gespeicherten Daten",
                ],
                ["Berta Bach Birkenweg 2 09112 Teststadt", "Anruf wegen Heizung"],
            ],
            min_size=13.5,
        )
        # the return address for the window envelope
        self.assertIn(f"{COMPANY}, Genossenschaftsweg 1, 09111 Teststadt", pages[0])

    def test_privacy_disclosure_only_for_coordinators(self):
        self.authenticate(self.user_kuemmerer.login, self.user_kuemmerer.login)
        response = self.url_open(
            f"/report/pdf/kuemmerer_addon.report_kuemmerer_privacy/{self.resident_a.id}?context={quote(FORCE)}"
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(response.content.startswith(b"%PDF"))

    def test_provider_directory(self):
        self._check_one_and_several(
            self.user_kuemmerer,
            "kuemmerer_addon.report_kuemmerer_provider_directory",
            self.quarter_a | self.quarter_b,
            [
                [
                    "Hilfe im Quartier Quartier A",
                    "Pflegestützpunkt Nord",
                    "Telefon: 0371 555111",
                ],
                ["Hilfe im Quartier Quartier B", "Tafel Süd", "Telefon: 0371 555222"],
            ],
            min_size=15.5,
        )

    def test_annual_report(self):
        wizards = (
            self.env["kuemmerer.annual.report.wizard"]
            .with_user(self.user_manager)
            .create(
                [
                    {"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)},
                    {"date_from": date(2024, 1, 1), "date_to": date(2024, 12, 31)},
                ]
            )
        )
        self._check_one_and_several(
            self.user_manager,
            "kuemmerer_addon.report_kuemmerer_annual",
            wizards,
            [
                ["01/01/2025 – 12/31/2025", "Tätigkeitsbericht der Quartiersarbeit"],
                ["01/01/2024 – 12/31/2024", "Tätigkeitsbericht der Quartiersarbeit"],
            ],
        )

    def test_invitation_letters_from_the_wizard(self):
        """As the web client prints them: the action has data, so its URL
        carries no ids; one letter per resident, nobody else named."""
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=10)
        event = (
            self.env["calendar.event"]
            .with_user(self.user_kuemmerer)
            .create(
                {
                    "name": "Kaffeenachmittag im Hof",
                    "is_neighbourhood_event": True,
                    "quarter_id": self.quarter_a.id,
                    "start": start,
                    "stop": start + timedelta(hours=2),
                    "location": "Gemeinschaftsraum, Lindenstraße 1",
                }
            )
        )
        residents = self.resident_a | self.env["res.partner"].create(
            [
                {
                    "name": name,
                    "is_resident": True,
                    "quarter_id": self.quarter_a.id,
                    "street": f"Lindenstraße {number}",
                }
                for number, name in ((3, "Paula Papier"), (5, "Karl Kästner"))
            ]
        )
        wizard = (
            self.env["kuemmerer.event.invite.wizard"]
            .with_user(self.user_kuemmerer)
            .create({"event_id": event.id, "quarter_id": self.quarter_a.id})
        )
        wizard.action_invite()
        self.assertEqual(wizard.letter_partner_ids, residents)
        action = wizard.action_print_letters()
        # the URL the web client builds
        # (web/static/src/webclient/actions/reports/utils.js)
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
        self.assertIn("attachment", response.headers["Content-Disposition"])
        pages, sizes = self._read_pdf(response.content)
        self.assertEqual(len(pages), 3, "one page per resident")
        self.assertEqual(self._first_pages(pages, " ".join(LETTERHEAD)), [0, 1, 2])
        self.assertGreaterEqual(min(sizes), 15.5, f"large type: {sizes}")
        when = event._kuemmerer_when_text()
        for resident in residents:
            page = next(page for page in pages if f"Guten Tag {resident.name}," in page)
            self.assertIn("Einladung: Kaffeenachmittag im Hof", page)
            self.assertIn(when, page)
            self.assertIn(resident.street, page)
            for other in residents - resident:
                self.assertNotIn(other.name, page)
        # printed again from the event: the same letters
        action = event.with_user(self.user_kuemmerer).action_kuemmerer_print_letters()
        response = self.url_open(
            "/report/pdf/{}?options={}&context={}".format(
                action["report_name"], quote(json.dumps(action["data"])), quote(FORCE)
            ),
            timeout=60,
        )
        self.assertEqual(sorted(self._read_pdf(response.content)[0]), sorted(pages))
