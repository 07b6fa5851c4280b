# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""vCard export of a network partner's contact persons and the printed
directory of network partners per quarter."""

import subprocess
import tempfile

from odoo.tests import HttpCase, new_test_user, tagged

from .common import KuemmererCommon


class ProviderCommon(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        service = cls.env["kuemmerer.service.type"].create(
            {"name": "Pflegeberatung Test"}
        )
        cls.provider = cls.env["res.partner"].create(
            {
                "name": "Pflegestützpunkt Nord",
                "is_company": True,
                "is_provider": True,
                "street": "Hauptstraße 5",
                "zip": "12345",
                "city": "Musterstadt",
                "phone": "0123 9999",
                "provider_opening_hours": "Mo-Do 9-12 Uhr",
                "provider_note": "Intern: Frau X ist oft krank",
                "service_type_ids": [(6, 0, service.ids)],
                "service_quarter_ids": [(6, 0, cls.quarter_a.ids)],
                "child_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Petra Pflege",
                            "function": "Beraterin",
                            "email": "petra@pflege.example",
                            "phone": "0123 1111",
                        },
                    ),
                    (0, 0, {"name": "Paul Pfleger", "email": "paul@pflege.example"}),
                ],
            }
        )
        cls.provider_everywhere = cls.env["res.partner"].create(
            {
                "name": "Sozialamt Musterstadt",
                "is_company": True,
                "is_provider": True,
                "phone": "0123 0000",
            }
        )
        cls.provider_b = cls.env["res.partner"].create(
            {
                "name": "Tafel Süd",
                "is_company": True,
                "is_provider": True,
                "service_quarter_ids": [(6, 0, cls.quarter_b.ids)],
            }
        )


@tagged("post_install", "-at_install")
class TestProviderExport(ProviderCommon):
    def test_vcard_content(self):
        text = (
            self.env["kuemmerer.provider"]
            .with_user(self.user_kuemmerer)
            ._vcard(self.provider.with_user(self.user_kuemmerer))
        )
        self.assertEqual(text.count("BEGIN:VCARD"), 2)
        self.assertIn("FN:Petra Pflege", text)
        self.assertIn("FN:Paul Pfleger", text)
        self.assertIn("ORG:Pflegestützpunkt Nord", text)
        self.assertIn("TITLE:Beraterin", text)
        self.assertIn("petra@pflege.example", text)
        action = self.provider.action_kuemmerer_export_vcard()
        self.assertEqual(action["url"], f"/kuemmerer/provider/{self.provider.id}/vcard")

    def test_directory_pdf(self):
        directory = self.quarter_a._kuemmerer_provider_directory()
        names = {
            name
            for _service, providers in directory
            for name in providers.mapped("name")
        }
        self.assertEqual(names, {"Pflegestützpunkt Nord", "Sozialamt Musterstadt"})
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_kuemmerer)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "kuemmerer_addon.action_report_kuemmerer_provider_directory",
                self.quarter_a.ids,
            )
        )
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", handle.name, "-"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        self.assertIn("Hilfe im Quartier Quartier A", text)
        self.assertIn("Pflegestützpunkt Nord", text)
        self.assertIn("0123 9999", text)
        self.assertIn("Mo-Do 9-12 Uhr", text)
        self.assertIn("Sozialamt Musterstadt", text)
        self.assertNotIn("Tafel Süd", text)
        self.assertNotIn(
            "Intern", text, "internal notes on cooperation are not printed"
        )


@tagged("post_install", "-at_install")
class TestProviderVcardHttp(ProviderCommon, HttpCase):
    def test_vcard_route_access(self):
        new_test_user(
            self.env,
            login="vc_user",
            groups="base.group_user,kuemmerer_addon.group_kuemmerer_user",
        )
        new_test_user(
            self.env,
            login="vc_staff",
            groups="base.group_user,kuemmerer_addon.group_kuemmerer_staff",
        )
        url = f"/kuemmerer/provider/{self.provider.id}/vcard"
        self.authenticate("vc_user", "vc_user")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("text/vcard", response.headers["Content-Type"])
        self.assertIn("FN:Petra Pflege", response.content.decode())
        # not a network partner, unknown id: 404 alike
        self.assertEqual(
            self.url_open(
                f"/kuemmerer/provider/{self.resident_a.id}/vcard"
            ).status_code,
            404,
        )
        self.assertEqual(
            self.url_open("/kuemmerer/provider/99999999/vcard").status_code, 404
        )
        # staff and plain internal users: 404
        self.authenticate("vc_staff", "vc_staff")
        self.assertEqual(self.url_open(url).status_code, 404)
        self.authenticate("k_internal", "k_internal")
        self.assertEqual(self.url_open(url).status_code, 404)
        self.authenticate(None, None)
        self.assertIn(self.url_open(url, allow_redirects=False).status_code, (302, 303))
