# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Import of residents by tenant number through Odoo's own import."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import file_open

from .common import KuemmererCommon

FIELDS = [
    "tenant_number",
    "name",
    "street",
    "flat_number",
    "quarter_id",
    "phone",
    "email",
    "birthdate",
    "lives_alone",
]


@tagged("post_install", "-at_install")
class TestResidentImport(KuemmererCommon):
    def _load(self, rows, fields=None, user=None):
        fields = FIELDS if fields is None else fields
        Resident = self.env["kuemmerer.resident"].with_user(user or self.user_manager)
        return Resident.load(fields, rows)

    def _by_number(self, number):
        return (
            self.env["kuemmerer.resident"]
            .with_context(active_test=False)
            .search([("tenant_number", "=", number)])
        )

    @freeze_time("2026-03-01")
    def test_create_and_update(self):
        result = self._load(
            [
                [
                    "100",
                    "Erika Muster",
                    "Lindenstraße 1",
                    "EG links",
                    "QA",
                    "0123",
                    "erika@example.org",
                    "24.11.1940",
                    "ja",
                ],
                [
                    "101",
                    "Max Beispiel",
                    "Lindenstraße 3",
                    "1. OG",
                    "Quartier B",
                    "",
                    "",
                    "1938-03-02",
                    "nein",
                ],
            ]
        )
        self.assertEqual(result["messages"], [])
        self.assertEqual(len(result["ids"]), 2)
        erika, max_ = self._by_number("100"), self._by_number("101")
        self.assertTrue(erika.is_resident)
        self.assertEqual(erika.quarter_id, self.quarter_a)
        self.assertEqual(max_.quarter_id, self.quarter_b)
        self.assertEqual(erika.birthdate, date(1940, 11, 24))
        self.assertTrue(erika.lives_alone)
        self.assertFalse(max_.lives_alone)
        self.assertEqual(erika.flat_number, "EG links")
        # re-import: the tenant number finds the resident, nothing is duplicated
        count = self.env["res.partner"].search_count([("is_resident", "=", True)])
        result = self._load(
            [
                [
                    "100",
                    "Erika Muster",
                    "Birkenweg 7",
                    "1. OG",
                    "QB",
                    "0456",
                    "erika@example.org",
                    "24.11.1940",
                    "nein",
                ]
            ]
        )
        self.assertEqual(result["messages"], [])
        self.assertEqual(result["ids"], erika.ids)
        self.assertEqual(
            self.env["res.partner"].search_count([("is_resident", "=", True)]), count
        )
        self.assertEqual(erika.street, "Birkenweg 7")
        self.assertEqual(erika.quarter_id, self.quarter_b)
        self.assertFalse(erika.lives_alone)
        # the same file again: nothing to write, the resident is still reported
        self.env.flush_all()
        write_date = erika.write_date
        result = self._load(
            [
                [
                    "100",
                    "Erika Muster",
                    "Birkenweg 7",
                    "1. OG",
                    "QB",
                    "0456",
                    "erika@example.org",
                    "24.11.1940",
                    "nein",
                ]
            ]
        )
        self.assertEqual((result["ids"], result["messages"]), (erika.ids, []))
        self.assertEqual(erika.write_date, write_date)

    @freeze_time("2026-03-01")
    def test_reject_rows(self):
        self._load([["200", "Bestand", "Alte Straße 1", "", "QA", "", "", "", ""]])
        existing = self._by_number("200")
        result = self._load(
            [
                ["201", "Gültig", "Weg 1", "", "QA", "", "", "01.01.1950", "ja"],
                ["202", "Kaputtes Datum", "Weg 2", "", "QA", "", "", "31.02.1950", ""],
                [
                    "203",
                    "Unbekanntes Quartier",
                    "Weg 3",
                    "",
                    "Atlantis",
                    "",
                    "",
                    "",
                    "",
                ],
                ["204", "Doppelt eins", "Weg 4", "", "QA", "", "", "", ""],
                ["204", "Doppelt zwei", "Weg 5", "", "QA", "", "", "", ""],
                ["", "Ohne Nummer", "Weg 6", "", "QA", "", "", "", ""],
                ["200", "Bestand", "Neue Straße 9", "", "QA", "", "", "01.01.2030", ""],
                ["205", "Allein?", "Weg 7", "", "QA", "", "", "", "vielleicht"],
            ]
        )
        # the valid row is imported, the others are not
        self.assertEqual(len(result["ids"]), 1)
        self.assertEqual(self._by_number("201").name, "Gültig")
        for number in ("202", "203", "204", "205"):
            self.assertFalse(self._by_number(number), number)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Ohne Nummer")]))
        self.assertEqual(
            existing.street, "Alte Straße 1", "a rejected row must not be half-written"
        )
        messages = {
            message["record"]: message["message"] for message in result["messages"]
        }
        self.assertEqual(sorted(messages), [1, 2, 3, 4, 5, 6, 7])
        self.assertTrue(
            all(message["type"] == "warning" for message in result["messages"])
        )
        self.assertRegex(
            messages[1], r"Row 3, tenant number 202.*31\.02\.1950.*not a valid date"
        )
        self.assertRegex(
            messages[2], r"tenant number 203.*quarter \"Atlantis\" is unknown"
        )
        self.assertRegex(messages[3], r"tenant number 204.*more than once.*rows 5, 6")
        self.assertRegex(messages[4], r"tenant number 204")
        self.assertRegex(messages[5], r"tenant number is missing")
        self.assertRegex(messages[6], r"tenant number 200.*future")
        self.assertRegex(messages[7], r"vielleicht")

    def test_unique_tenant_number(self):
        self._load([["300", "Erste", "", "", "", "", "", "", ""]])
        with self.assertRaisesMessage(
            ValidationError, "tenant number 300 is already used"
        ):
            self.env["res.partner"].create(
                {"name": "Zweite", "is_resident": True, "tenant_number": "300"}
            )

    def test_import_through_base_import(self):
        """Odoo's import dialog: CSV upload, a broken date only rejects its row."""
        content = (
            b"Mieternummer;Name;Quartier;Geburtsdatum;Lebt allein\n"
            b"400;Anna Import;QA;24.11.1940;ja\n"
            b"401;Bruno Import;QB;99.99.1999;nein\n"
        )
        wizard = (
            self.env["base_import.import"]
            .with_user(self.user_kuemmerer)
            .create(
                {
                    "res_model": "kuemmerer.resident",
                    "file": content,
                    "file_type": "text/csv",
                    "file_name": "bewohner.csv",
                }
            )
        )
        options = {
            "separator": ";",
            "quoting": '"',
            "encoding": "utf-8",
            "has_headers": True,
            "date_format": "%d.%m.%Y",
            "datetime_format": "",
            "float_thousand_separator": ".",
            "float_decimal_separator": ",",
            "fields": [],
        }
        preview = wizard.with_context(default_is_resident=True).parse_preview(options)
        self.assertFalse(preview.get("error"), preview)
        self.assertEqual(
            [match[0] if match else None for match in preview["matches"].values()],
            ["tenant_number", "name", "quarter_id", "birthdate", "lives_alone"],
        )
        result = wizard.with_context(default_is_resident=True).execute_import(
            ["tenant_number", "name", "quarter_id", "birthdate", "lives_alone"],
            ["Mieternummer", "Name", "Quartier", "Geburtsdatum", "Lebt allein"],
            options,
        )
        self.assertEqual(len(result["ids"]), 1)
        self.assertEqual(self._by_number("400").birthdate, date(1940, 11, 24))
        self.assertFalse(self._by_number("401"))
        self.assertRegex(result["messages"][0]["message"], "401.*99.99.1999")

    def test_templates(self):
        Partner = self.env["res.partner"].with_user(self.user_kuemmerer)
        resident_template = (
            "/kuemmerer_addon/static/xls/kuemmerer_residents_import.xlsx"
        )
        self.assertNotIn(
            resident_template, [t["template"] for t in Partner.get_import_templates()]
        )
        templates = (
            self.env["kuemmerer.resident"]
            .with_user(self.user_kuemmerer)
            .get_import_templates()
        )
        self.assertEqual(len(templates), 2)
        for template in templates:
            with file_open(template["template"].lstrip("/"), "rb") as handle:
                self.assertTrue(handle.read())
        with file_open(
            "kuemmerer_addon/static/xls/kuemmerer_residents_import.csv"
        ) as handle:
            self.assertTrue(handle.readline().startswith("Mieternummer;Name;"))

    def test_other_imports_untouched(self):
        result = self.env["res.partner"].load(
            ["name", "email"], [["Firma X", "x@example.org"]]
        )
        self.assertEqual(result["messages"], [])
        self.assertFalse(self.env["res.partner"].browse(result["ids"]).is_resident)
