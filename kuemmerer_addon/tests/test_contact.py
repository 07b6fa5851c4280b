# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KuemmererCommon


@tagged("post_install", "-at_install")
class TestContactLog(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contact = cls.env["kuemmerer.contact"].with_user(cls.user_kuemmerer)

    def test_last_contact_date_follows_the_log(self):
        self.assertFalse(self.resident_a.last_contact_date)
        first = self.Contact.create(
            {
                "partner_id": self.resident_a.id,
                "date": "2026-01-05 10:00:00",
                "channel": "phone",
            }
        )
        self.assertEqual(self.resident_a.last_contact_date, date(2026, 1, 5))
        second = self.Contact.create(
            {
                "partner_id": self.resident_a.id,
                "date": "2026-02-01 09:30:00",
                "channel": "visit",
            }
        )
        self.assertEqual(self.resident_a.last_contact_date, date(2026, 2, 1))
        # changed
        first.date = "2026-02-10 08:00:00"
        self.assertEqual(self.resident_a.last_contact_date, date(2026, 2, 10))
        # deleted
        first.unlink()
        self.assertEqual(self.resident_a.last_contact_date, date(2026, 2, 1))
        second.unlink()
        self.assertFalse(self.resident_a.last_contact_date)
        # stored: searchable in the database
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT last_contact_date FROM res_partner WHERE id = %s",
            [self.resident_a.id],
        )
        self.assertIsNone(self.env.cr.fetchone()[0])

    def test_default_date_is_now_and_user(self):
        with freeze_time("2026-04-01 12:00:00"):
            contact = self.Contact.create({"partner_id": self.resident_a.id})
            self.assertEqual(str(contact.date), "2026-04-01 12:00:00")
        self.assertEqual(contact.user_id, self.user_kuemmerer)
        self.assertEqual(contact.channel, "visit")

    @freeze_time("2026-04-01 12:00:00")
    def test_contact_overdue(self):
        partner = self.resident_a
        partner.contact_interval_days = 30
        # never contacted but watched: overdue
        self.assertTrue(partner.contact_overdue)
        self.Contact.create({"partner_id": partner.id, "date": "2026-03-15 10:00:00"})
        self.assertEqual(str(partner.next_contact_date), "2026-04-14")
        self.assertFalse(partner.contact_overdue)
        Partner = self.env["res.partner"].with_user(self.user_kuemmerer)
        self.assertNotIn(partner, Partner.search([("contact_overdue", "=", True)]))
        self.assertIn(partner, Partner.search([("contact_overdue", "=", False)]))
        with freeze_time("2026-04-20"):
            partner.invalidate_recordset(["contact_overdue"])
            self.assertTrue(partner.contact_overdue)
            self.assertIn(partner, Partner.search([("contact_overdue", "=", True)]))
            self.assertNotIn(partner, Partner.search([("contact_overdue", "!=", True)]))
        # 0 = not watched
        partner.contact_interval_days = 0
        with freeze_time("2027-01-01"):
            partner.invalidate_recordset(["contact_overdue"])
            self.assertFalse(partner.contact_overdue)
            self.assertNotIn(partner, Partner.search([("contact_overdue", "=", True)]))

    def test_negative_interval_refused(self):
        with self.assertRaises(ValidationError):
            self.resident_a.contact_interval_days = -1

    @freeze_time("2026-04-01 12:00:00")
    def test_contact_in_future_refused(self):
        with self.assertRaisesMessage(ValidationError, "future"):
            self.Contact.create(
                {"partner_id": self.resident_a.id, "date": "2026-04-02 12:00:00"}
            )
        self.assertFalse(
            self.env["kuemmerer.contact"].search(
                [("partner_id", "=", self.resident_a.id)]
            )
        )

    def test_contact_only_for_residents(self):
        with self.assertRaises(ValidationError):
            self.Contact.create({"partner_id": self.volunteer_partner.id})

    def test_log_contact_action_opens_quick_form(self):
        action = self.resident_a.kuemmerer_resident_ids.with_user(
            self.user_kuemmerer
        ).action_log_contact()
        self.assertEqual(action["res_model"], "kuemmerer.contact")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["context"]["default_partner_id"], self.resident_a.id)

    def test_resident_chatter_is_not_the_log(self):
        self.Contact.create(
            {
                "partner_id": self.resident_a.id,
                "summary": "Sorgen wegen Schulden",
                "channel": "visit",
            }
        )
        bodies = " ".join(self.resident_a.message_ids.mapped("body"))
        self.assertNotIn("Schulden", bodies)
