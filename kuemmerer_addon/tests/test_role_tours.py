# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The main journey of each role through the screens, in a real browser, in
German (static/tests/tours/kuemmerer_role_tours.js): the Kümmerer's day at
1024 px, staff reporting a hint and seeing its state, the coordinator's
dashboard and annual report. The volunteer on a 375 px phone:
test_portal.py::TestVolunteerPortalTour."""

import json
from urllib.parse import quote

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import KuemmererCommon
from .german import load_german


@tagged("post_install", "-at_install")
class TestRoleTours(HttpCase, KuemmererCommon):
    # /report/* is a read-only route (see test_report_http.py)
    readonly_enabled = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_german(cls.env, cls.user_kuemmerer | cls.user_manager | cls.user_staff)
        care = cls.env.ref("kuemmerer_addon.service_type_pflegeberatung")
        cls.provider = cls.env["res.partner"].create(
            {
                "name": "Pflegeberatung Süd",
                "is_company": True,
                "is_provider": True,
                "email": "beratung@pflege-sued.example",
                "service_type_ids": [Command.set(care.ids)],
                "service_quarter_ids": [Command.set(cls.quarter_a.ids)],
            }
        )
        cls.template = cls.env["kuemmerer.help.chain.template"].create(
            {
                "name": "Vermittlung Pflege",
                "step_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "name": "Pflegeberatung vermitteln",
                            "step_type": "referral",
                            "service_type_id": care.id,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "name": "Nachfragen",
                            "step_type": "follow_up",
                            "delay_days": 14,
                        }
                    ),
                ],
            }
        )
        # never contacted, to be called every two weeks, lives alone: on
        # Mein Tag and on the radar
        cls.erna = cls._resident(
            name="Erna Ehlers",
            quarter_id=cls.quarter_a.id,
            street="Lindenstraße 7",
            phone="0371 22 33 44",
            lives_alone=True,
            contact_interval_use_quarter=False,
            contact_interval_own_days=14,
        )
        # a hint staff reported earlier, now being helped with
        category = cls.env.ref("kuemmerer_addon.need_category_care_health")
        cls.env["kuemmerer.hint.wizard"].with_user(cls.user_staff).create(
            {
                "partner_id": cls.resident_a.id,
                "category_id": category.id,
                "text": "Vertraulich: wirkt verwirrt",
            }
        ).action_confirm()

    def test_kuemmerer_day(self):
        self.browser_size = "1024x768"
        self.start_tour(
            "/odoo", "kuemmerer_role_kuemmerer_day", login=self.user_kuemmerer.login
        )
        contact = self.env["kuemmerer.contact"].search(
            [("partner_id", "=", self.erna.id)]
        )
        self.assertEqual(contact.channel, "phone")
        self.assertIn("Pflege ihres Mannes", contact.summary)
        self.assertEqual(contact.user_id, self.user_kuemmerer)
        need = self.env["kuemmerer.need"].search([("partner_id", "=", self.erna.id)])
        self.assertEqual(len(need), 1)
        self.assertEqual(
            need.category_id, self.env.ref("kuemmerer_addon.need_category_care_health")
        )
        self.assertEqual(need.state, "in_progress")
        self.assertEqual(need.chain_ids.template_id, self.template)
        referral, follow_up = need.step_ids.sorted("sequence")
        self.assertEqual(referral.provider_id, self.provider)
        self.assertTrue(referral.date_sent)
        self.assertEqual(follow_up.state, "waiting")
        consent = self.env["kuemmerer.consent"].search(
            [("partner_id", "=", self.erna.id), ("purpose", "=", "share_providers")]
        )
        self.assertEqual((consent.method, consent.state), ("verbal", "given"))
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.provider.ids)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("Erna Ehlers", mail.body_html)
        self.assertNotIn(
            "Pflege ihres Mannes", mail.body_html, "the conversation stays here"
        )
        visit = self.env["kuemmerer.visit"].search([("partner_id", "=", self.erna.id)])
        self.assertEqual((visit.state, visit.user_id), ("planned", self.user_kuemmerer))

    def test_staff_report_a_hint(self):
        """Reuses the landing tour: staff land on their hints, report one,
        see it received and open one to see how far it has got."""
        self.env["kuemmerer.need"].search(
            [("partner_id", "=", self.resident_a.id)]
        ).action_start()
        self.browser_size = "1024x768"
        self.start_tour("/odoo", "kuemmerer_landing_staff", login=self.user_staff.login)
        hint = self.env["kuemmerer.hint"].search(
            [
                ("reported_by_id", "=", self.user_staff.id),
                ("partner_id", "=", self.resident_b.id),
            ]
        )
        self.assertEqual(hint.state, "new")
        need = self.env["kuemmerer.need"].search(
            [("partner_id", "=", self.resident_b.id)]
        )
        self.assertEqual(need.source, "staff_hint")
        self.assertEqual(need.description, "Der Briefkasten quillt über.")

    def test_coordinator_dashboard_and_annual_report(self):
        self.browser_size = "1024x768"
        self.start_tour(
            "/odoo", "kuemmerer_role_coordinator", login=self.user_manager.login
        )
        wizard = self.env["kuemmerer.annual.report.wizard"].search(
            [("create_uid", "=", self.user_manager.id)]
        )
        self.assertEqual(len(wizard), 1, "the tour printed from the wizard")
        self.assertEqual(wizard.date_from.year, wizard.date_to.year)
        # what the running server delivers for it: the PDF, and the HTML
        self.authenticate(self.user_manager.login, self.user_manager.login)
        report = "kuemmerer_addon.report_kuemmerer_annual"
        force = quote(json.dumps({"force_report_rendering": True}))
        response = self.url_open(
            f"/report/pdf/{report}/{wizard.id}?context={force}", timeout=60
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        response = self.url_open(f"/report/html/{report}/{wizard.id}", timeout=60)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Tätigkeitsbericht der Quartiersarbeit", response.text)
        self.assertIn(f"01.01.{wizard.date_from.year}", response.text)
