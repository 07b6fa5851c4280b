# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Consent by representatives and consent that ends (issue 19)."""

import base64
import importlib.util
from datetime import date
from pathlib import Path

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KuemmererCommon

EVIDENCE = base64.b64encode(b"%PDF-1.4 Betreuerausweis")
MIGRATION = Path(__file__).parents[1] / "migrations" / "18.0.3.0.0" / "post-migrate.py"


@tagged("post_install", "-at_install")
class TestConsentRepresentation(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Consent = cls.env["kuemmerer.consent"].with_user(cls.user_kuemmerer)
        cls.daughter = cls.env["res.partner"].create({"name": "Doris Althaus"})
        cls.guardian = cls.env["res.partner"].create({"name": "Gerd Betreuer"})
        Trusted = cls.env["kuemmerer.trusted.person"].with_user(cls.user_kuemmerer)
        cls.trusted_daughter = Trusted.create(
            {"partner_id": cls.resident_a.id, "person_id": cls.daughter.id}
        )
        cls.trusted_guardian = Trusted.create(
            {
                "partner_id": cls.resident_a.id,
                "person_id": cls.guardian.id,
                "legal_role": "betreuer",
                "legal_scope": "Gesundheitssorge",
            }
        )

    def _consent(self, **vals):
        return self.Consent.create(
            dict(
                {"partner_id": self.resident_a.id, "purpose": "share_providers"}, **vals
            )
        )

    def test_given_by_the_resident_by_default(self):
        consent = self._consent()
        self.assertEqual(consent.given_by_id, self.resident_a)

    def test_representative_needs_a_legal_role(self):
        with self.assertRaisesMessage(
            ValidationError, "not recorded as the legal representative"
        ):
            self._consent(given_by_id=self.daughter.id, evidence=EVIDENCE)
        self.assertFalse(
            self.env["kuemmerer.consent"]._kuemmerer_consented(
                self.resident_a, "share_providers"
            )
        )
        with self.assertRaisesMessage(ValidationError, "attach the evidence"):
            self._consent(given_by_id=self.guardian.id)
        consent = self._consent(
            given_by_id=self.guardian.id,
            evidence=EVIDENCE,
            evidence_filename="ausweis.pdf",
        )
        self.assertTrue(
            self.env["kuemmerer.consent"]._kuemmerer_consented(
                self.resident_a, "share_providers"
            )
        )
        # the evidence is an attachment of the consent (its access follows the consent)
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "kuemmerer.consent"),
                ("res_id", "=", consent.id),
                ("res_field", "=", "evidence"),
            ]
        )
        self.assertEqual(len(attachment), 1)
        # a guardian of another resident is no representative of this one
        with self.assertRaisesMessage(
            ValidationError, "not recorded as the legal representative"
        ):
            self.env["kuemmerer.consent"].create(
                {
                    "partner_id": self.resident_b.id,
                    "purpose": "photos",
                    "given_by_id": self.guardian.id,
                    "evidence": EVIDENCE,
                }
            )

    def test_guardian_needs_a_scope(self):
        with self.assertRaisesMessage(ValidationError, "Aufgabenkreis"):
            self.trusted_daughter.write({"legal_role": "betreuer"})
        self.trusted_daughter.write({"legal_role": "vorsorgevollmacht"})
        consent = self._consent(given_by_id=self.daughter.id, evidence=EVIDENCE)
        self.assertEqual(consent.given_by_id, self.daughter)

    def test_expiry_before_given_refused(self):
        with self.assertRaisesMessage(
            ValidationError, "cannot end before it was given"
        ):
            self._consent(date_given="2026-03-01", date_expiry="2026-02-28")
        self.assertFalse(
            self.env["kuemmerer.consent"].search(
                [("partner_id", "=", self.resident_a.id)]
            )
        )


@tagged("post_install", "-at_install")
class TestConsentExpiry(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Consent = cls.env["kuemmerer.consent"]

    def _activities(self, consent):
        return self.env["mail.activity"].search(
            [("res_model", "=", "kuemmerer.consent"), ("res_id", "=", consent.id)]
        )

    @freeze_time("2026-05-04")
    def test_expired_counts_as_not_given_everywhere(self):
        purposes = ("share_providers", "share_volunteers", "event_invitations")
        consents = self.Consent.create(
            [
                {
                    "partner_id": self.resident_a.id,
                    "purpose": purpose,
                    "date_given": "2026-01-01",
                    "date_expiry": "2026-05-03",
                }
                for purpose in purposes
            ]
        )
        # past its end date: not given, also before the cron has run
        for purpose in purposes:
            self.assertFalse(
                self.env["kuemmerer.consent"]._kuemmerer_consented(
                    self.resident_a, purpose
                ),
                purpose,
            )
        self.Consent._cron_consent_expiry()
        self.assertEqual(set(consents.mapped("state")), {"expired"})
        self.assertEqual(consents[0].date_expiry, date(2026, 5, 3), "kept as it was")
        # history is never overwritten: a new consent is recorded instead
        with self.assertRaisesMessage(UserError, "part of the history"):
            consents[0].write({"state": "given"})
        with self.assertRaisesMessage(UserError, "part of the history"):
            consents[0].write({"date_expiry": "2027-01-01"})
        new = self.Consent.create(
            {"partner_id": self.resident_a.id, "purpose": "share_providers"}
        )
        self.assertTrue(
            self.env["kuemmerer.consent"]._kuemmerer_consented(
                self.resident_a, "share_providers"
            )
        )
        self.assertEqual(
            self.Consent.search(
                [
                    ("partner_id", "=", self.resident_a.id),
                    ("purpose", "=", "share_providers"),
                ]
            ),
            consents[0] | new,
        )

    @freeze_time("2026-05-04")
    def test_valid_on_its_last_day(self):
        self.Consent.create(
            {
                "partner_id": self.resident_a.id,
                "purpose": "photos",
                "date_expiry": "2026-05-04",
            }
        )
        self.assertTrue(
            self.env["kuemmerer.consent"]._kuemmerer_consented(
                self.resident_a, "photos"
            )
        )
        self.Consent._cron_consent_expiry()
        self.assertTrue(
            self.env["kuemmerer.consent"]._kuemmerer_consented(
                self.resident_a, "photos"
            )
        )

    def test_withdrawal_is_kept(self):
        consent = self.Consent.create(
            {"partner_id": self.resident_a.id, "purpose": "photos"}
        )
        consent.action_withdraw()
        with self.assertRaisesMessage(UserError, "part of the history"):
            consent.write({"date_withdrawn": False, "state": "given"})
        self.assertEqual(consent.state, "withdrawn")
        consent.write({"note": "Schriftlich widerrufen"})  # a note may be added

    def test_reminder_four_weeks_before(self):
        with freeze_time("2026-05-04"):
            consent = self.Consent.create(
                {
                    "partner_id": self.resident_a.id,
                    "purpose": "share_volunteers",
                    "date_expiry": "2026-07-01",
                }
            )
        with freeze_time("2026-06-02"):
            self.Consent._cron_consent_expiry()
            self.assertFalse(self._activities(consent))
        with freeze_time("2026-06-03"):
            self.Consent._cron_consent_expiry()
            activity = self._activities(consent)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.user_kuemmerer)
            self.assertIn("07/01/2026", activity.summary)  # the user's en_US format
            self.Consent._cron_consent_expiry()
            self.assertEqual(len(self._activities(consent)), 1, "never a second one")
        with freeze_time("2026-07-02"):
            self.Consent._cron_consent_expiry()
            self.assertEqual(consent.state, "expired")

    def test_expiry_stops_referrals(self):
        """An expired consent stops the referral e-mail and the open link."""
        from .test_referral import LINK_RE

        category = self.env.ref("kuemmerer_addon.need_category_care_health")
        provider = self.env["res.partner"].create(
            {
                "name": "Pflegeberatung Süd",
                "is_provider": True,
                "email": "p@example.org",
            }
        )
        with freeze_time("2026-05-04 09:00:00"):
            self.Consent.create(
                {
                    "partner_id": self.resident_a.id,
                    "purpose": "share_providers",
                    "date_expiry": "2026-05-10",
                }
            )
            need = self.env["kuemmerer.need"].create(
                {"partner_id": self.resident_a.id, "category_id": category.id}
            )
            chain = self.env["kuemmerer.help.chain"].create(
                {
                    "need_id": need.id,
                    "step_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "Vermitteln",
                                "step_type": "referral",
                                "provider_id": provider.id,
                            },
                        ),
                        (
                            0,
                            0,
                            {
                                "name": "Zweite",
                                "step_type": "referral",
                                "provider_id": provider.id,
                            },
                        ),
                    ],
                }
            )
            first, second = chain.step_ids.sorted("sequence")
            first.action_send_to_provider()
            mail = self.env["mail.mail"].search([("recipient_ids", "in", provider.ids)])
            token = LINK_RE.search(mail.body_html).group(1)
            Step = self.env["kuemmerer.help.step"]
            self.assertEqual(Step._kuemmerer_referral_from_token(token), first)
        with freeze_time("2026-05-11 09:00:00"):
            self.assertFalse(Step._kuemmerer_referral_from_token(token))
            self.Consent._cron_consent_expiry()
            self.assertFalse(first.sudo().referral_token_hash, "revoked by the expiry")
            second.state = "todo"
            with self.assertRaisesMessage(UserError, "has not agreed"):
                second.action_send_to_provider()


@tagged("post_install", "-at_install")
class TestMigration(KuemmererCommon):
    """migrations/18.0.3.0.0: consents recorded before were given by the
    resident; the escalation index is built on the key that pauses waiting
    referrals."""

    def test_migrate(self):
        consent = self.env["kuemmerer.consent"].create(
            {"partner_id": self.resident_a.id, "purpose": "photos"}
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE kuemmerer_consent SET given_by_id = NULL WHERE id = %s",
            [consent.id],
        )
        self.env.cr.execute("DROP INDEX kuemmerer_help_step_escalation_index")
        self.env.cr.execute(
            "CREATE INDEX kuemmerer_help_step_escalation_index ON kuemmerer_help_step "
            "((CASE WHEN state = 'todo' THEN date_deadline END))"
        )
        spec = importlib.util.spec_from_file_location(
            "kuemmerer_migration_18_0_3_0_0", MIGRATION
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.2.1.0")
        self.env.invalidate_all()
        self.assertEqual(consent.given_by_id, self.resident_a)
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = "
            "'kuemmerer_help_step_escalation_index'"
        )
        self.assertIn("date_follow_up", self.env.cr.fetchone()[0])
