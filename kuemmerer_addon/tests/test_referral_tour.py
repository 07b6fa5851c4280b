# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from ..controllers.referral import reset_rate_limit
from .german import load_german
from .test_referral import ReferralCommon


@tagged("post_install", "-at_install")
class TestReferralTour(ReferralCommon, HttpCase):
    # the network partner answers on a phone
    browser_size = "375x812"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_german(cls.env)

    def test_referral_tour(self):
        """Read the referral in German, take it on, later report the outcome."""
        reset_rate_limit()
        step = self._referral_step()
        token = self._send(step)
        self.start_tour(
            f"/kuemmerer/referral/{token}", "kuemmerer_referral_tour", login=None
        )
        self.assertEqual(step.referral_state, "done")
        answer = step.sudo().referral_answer
        self.assertIn("Wir melden uns morgen bei Frau Althaus.", answer)
        self.assertIn("Beratung hat stattgefunden.", answer)
        self.assertFalse(self._token_step(token))
