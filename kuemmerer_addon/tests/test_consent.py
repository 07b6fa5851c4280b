# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KuemmererCommon


@tagged("post_install", "-at_install")
class TestConsent(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Consent = cls.env["kuemmerer.consent"].with_user(cls.user_kuemmerer)

    def _has_consent(self, partner, purpose):
        return bool(self.Consent._kuemmerer_consented(partner, purpose))

    def test_consent_helper(self):
        resident = self.resident_a
        self.assertFalse(self._has_consent(resident, "share_volunteers"))
        consent = self.Consent.create(
            {
                "partner_id": resident.id,
                "purpose": "share_volunteers",
                "method": "verbal",
            }
        )
        self.assertTrue(self._has_consent(resident, "share_volunteers"))
        self.assertFalse(self._has_consent(resident, "share_providers"))
        both = resident | self.resident_b
        self.assertEqual(
            self.Consent._kuemmerer_consented(both, "share_volunteers"), resident
        )
        consent.action_withdraw()
        self.assertEqual(consent.state, "withdrawn")
        self.assertTrue(consent.date_withdrawn)
        self.assertFalse(self._has_consent(resident, "share_volunteers"))
        # a new consent after the withdrawal is fine
        self.Consent.create({"partner_id": resident.id, "purpose": "share_volunteers"})
        self.assertTrue(self._has_consent(resident, "share_volunteers"))

    def test_second_active_consent_refused(self):
        self.Consent.create({"partner_id": self.resident_a.id, "purpose": "photos"})
        with self.assertRaisesMessage(ValidationError, "already given"):
            self.Consent.create({"partner_id": self.resident_a.id, "purpose": "photos"})
        self.assertEqual(
            self.env["kuemmerer.consent"].search_count(
                [("partner_id", "=", self.resident_a.id), ("purpose", "=", "photos")]
            ),
            1,
        )

    def test_second_active_consent_refused_on_edit(self):
        self.Consent.create({"partner_id": self.resident_a.id, "purpose": "photos"})
        other = self.Consent.create(
            {"partner_id": self.resident_a.id, "purpose": "share_volunteers"}
        )
        # changed in the editable list to a purpose already given: a clear message,
        # not the index
        with self.assertRaisesMessage(ValidationError, "already given"):
            other.write({"purpose": "photos"})
        other.invalidate_recordset()
        self.assertEqual(other.purpose, "share_volunteers")
        # editing the note of a given consent stays possible
        other.write({"note": "am Telefon"})
        self.assertEqual(other.note, "am Telefon")

    def test_unique_index_backs_the_rule(self):
        self.Consent.create({"partner_id": self.resident_a.id, "purpose": "photos"})
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "INSERT INTO kuemmerer_consent (partner_id, purpose, state, "
                "date_given, method, company_id)"
                " VALUES (%s, 'photos', 'given', CURRENT_DATE, 'written', %s)",
                [self.resident_a.id, self.env.company.id],
            )

    def test_withdraw_twice_refused(self):
        consent = self.Consent.create(
            {"partner_id": self.resident_a.id, "purpose": "photos"}
        )
        consent.action_withdraw()
        with self.assertRaises(UserError):
            consent.action_withdraw()

    def test_withdrawal_before_given_refused(self):
        with self.assertRaises(ValidationError):
            self.Consent.create(
                {
                    "partner_id": self.resident_a.id,
                    "purpose": "photos",
                    "date_given": "2026-02-01",
                    "state": "withdrawn",
                    "date_withdrawn": "2026-01-01",
                }
            )
