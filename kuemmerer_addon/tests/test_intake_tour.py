# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The public form on a phone without login, and the triage screen of the
quarter's Kümmerer, in a real browser, in German
(static/tests/tours/kuemmerer_intake_tour.js)."""

from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from ..controllers import intake as intake_controller
from .common import KuemmererCommon
from .german import load_german


@tagged("post_install", "-at_install")
class TestIntakeTour(HttpCase, KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_german(cls.env, [cls.user_kuemmerer])

    def test_public_form_on_a_phone_then_triage(self):
        self.browser_size = "375x812"
        self.touch_enabled = True
        # the tour fills the form in faster than a person
        with patch.object(intake_controller, "MIN_FILL_SECONDS", 0):
            self.start_tour("/kuemmerer/hinweis", "kuemmerer_intake_public")
        intake = self.env["kuemmerer.intake"].sudo().search([])
        self.assertEqual(len(intake), 1)
        self.assertEqual((intake.kind, intake.quarter_id), ("worry", self.quarter_a))
        self.assertTrue(intake.is_anonymous)
        self.assertEqual(intake.activity_ids.user_id, self.user_kuemmerer)

        self.browser_size = "1024x768"
        self.touch_enabled = False
        self.start_tour(
            "/odoo/action-kuemmerer_addon.kuemmerer_intake_action",
            "kuemmerer_intake_triage",
            login=self.user_kuemmerer.login,
        )
        self.assertEqual(intake.state, "accepted")
        self.assertEqual(intake.need_id.partner_id, self.resident_a)
        self.assertEqual(intake.need_id.category_id.code, "loneliness")
        self.assertIn("Der Briefkasten quillt über", intake.need_id.description)
