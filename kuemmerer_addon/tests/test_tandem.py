# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .tandem_common import KuemmererTandemCommon


@tagged("post_install", "-at_install")
class TestTandem(KuemmererTandemCommon):
    # ------------------------------------------------------------
    # programme rules
    # ------------------------------------------------------------

    def test_shipped_programme_rules(self):
        programme = self.tandem.programme_id
        self.assertEqual(
            programme, self.env.ref("kuemmerer_addon.programme_alltagsbegleitung")
        )
        self.assertEqual(
            (programme.min_age, programme.care_level_rule, programme.hours_month_max),
            (60, "none", 32),
        )
        self.assertTrue(programme.exclude_relatives)
        self.assertEqual(programme._kuemmerer_allowance(32), 80)
        self.assertEqual(programme._kuemmerer_allowance(40), 80)
        self.assertEqual(programme._kuemmerer_allowance(8), 20)
        self.assertEqual(programme._kuemmerer_allowance(0), 0)
        neighbourly = self.env.ref("kuemmerer_addon.programme_nachbarschaftshilfe")
        self.assertEqual(neighbourly.care_level_rule, "required")
        self.assertEqual(neighbourly.min_age, 0)

    def test_activate_as_kuemmerer(self):
        tandem = self.tandem.with_user(self.user_kuemmerer)
        tandem.action_activate()
        self.assertEqual(tandem.state, "active")
        self.assertEqual(tandem.date_start, self.today)
        # the volunteer is told by e-mail, naming the resident
        message = self.tandem.message_ids.filtered(
            lambda m: self.volunteer_partner in m.partner_ids
        )
        self.assertEqual(len(message), 1)
        self.assertIn("Anna Althaus", message.body)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertIn(self.volunteer_partner, mail.recipient_ids)

    def _refused(self, regex):
        with self.assertRaisesMessage(UserError, regex):
            self.tandem.with_user(self.user_kuemmerer).action_activate()
        self.assertEqual(self.tandem.state, "proposed")

    def test_activation_refused_too_young(self):
        self._file(self.resident_a).birthdate = self.today - relativedelta(years=59)
        self._refused(r"mindestens 60 Jahre|at least 60 years")

    def test_activation_refused_without_birthdate(self):
        self._file(self.resident_a).birthdate = False
        self._refused(r"date of birth|Geburtsdatum")

    def test_activation_refused_with_care_level(self):
        self._file(self.resident_a).care_level = "2"
        self._refused(r"without a care level|ohne Pflegegrad")
        self._file(self.resident_a).care_level = "applied"
        self.tandem.action_activate()
        self.assertEqual(self.tandem.state, "active")

    def test_neighbourly_help_needs_a_care_level(self):
        self.tandem.programme = "nachbarschaftshilfe"
        self._refused(r"care level|Pflegegrad")
        self._file(self.resident_a).care_level = "1"
        self.tandem.action_activate()
        self.assertEqual(self.tandem.state, "active")

    def test_activation_refused_relatives_and_household(self):
        self.tandem.independence_confirmed = False
        self._refused(r"related|verwandt")
        self.tandem.independence_confirmed = True
        self.resident_a.sudo().write({"street": "Ahornweg 9", "flat_number": "3 links"})
        self.volunteer_partner.sudo().write({"flat_number": "3 LINKS"})
        self._refused(r"same address|Anschrift")

    def test_activation_refused_without_consent(self):
        self.env["kuemmerer.consent"].search(
            [
                ("partner_id", "=", self.resident_a.id),
                ("purpose", "=", "share_volunteers"),
            ]
        ).action_withdraw()
        self._refused(r"agreed|eingewilligt")

    def test_activation_refused_without_qualification(self):
        self.env["kuemmerer.volunteer.qualification"].search(
            [("partner_id", "=", self.volunteer_partner.id)]
        ).write(
            {
                "date": self.today - relativedelta(years=3),
                "date_expiry": self.today - relativedelta(days=1),
            }
        )
        self._refused(r"qualification|Qualifikation|Nachweis")

    def test_activation_refused_inactive_volunteer_and_too_many_hours(self):
        self.tandem.hours_month_max = 40
        self._refused(r"at most 32:00 hours|höchstens 32:00 Stunden")
        self.tandem.hours_month_max = 20
        self.volunteer_partner.volunteer_state = "paused"
        self._refused(r"not an active volunteer|keine aktive")

    def test_no_second_running_tandem_of_a_pair(self):
        self.tandem.action_activate()
        second = self.env["kuemmerer.tandem"].create(
            {
                "resident_id": self.resident_a.id,
                "volunteer_id": self.volunteer_partner.id,
                "independence_confirmed": True,
            }
        )
        with self.assertRaisesMessage(
            ValidationError, r"already have a running tandem|bereits"
        ):
            second.action_activate()
        self.assertEqual(second.state, "proposed")

    def test_bad_pairs_refused(self):
        Tandem = self.env["kuemmerer.tandem"]
        with self.assertRaisesMessage(ValidationError, r"resident|Bewohner"):
            Tandem.create(
                {
                    "resident_id": self.user_staff.partner_id.id,
                    "volunteer_id": self.volunteer_partner.id,
                }
            )
        with self.assertRaisesMessage(ValidationError, r"volunteer|Ehrenamt"):
            Tandem.create(
                {"resident_id": self.resident_a.id, "volunteer_id": self.resident_b.id}
            )
        with self.assertRaisesMessage(ValidationError, r"Kümmerer"):
            Tandem.create(
                {
                    "resident_id": self.resident_a.id,
                    "volunteer_id": self.volunteer_partner.id,
                    "user_id": self.user_staff.id,
                }
            )
        self.assertEqual(Tandem.search_count([]), 1)

    def test_state_only_by_buttons(self):
        with self.assertRaisesMessage(UserError, r"buttons|Schaltfl"):
            self.tandem.with_user(self.user_kuemmerer).write({"state": "active"})
        with self.assertRaisesMessage(UserError, r"starts as proposed|vorgeschlagen"):
            self.env["kuemmerer.tandem"].create(
                {
                    "resident_id": self.resident_a.id,
                    "volunteer_id": self.volunteer_partner.id,
                    "state": "active",
                }
            )

    def test_pause_end_and_pair_frozen(self):
        self.tandem.action_activate()
        with self.assertRaisesMessage(UserError, r"cannot be changed|nicht geändert"):
            self.tandem.resident_id = self.resident_b
        self.tandem.action_pause()
        self.assertEqual(self.tandem.state, "paused")
        self.tandem.action_activate()
        self.tandem.action_end()
        self.assertEqual(
            (self.tandem.state, self.tandem.date_end), ("ended", self.today)
        )

    # ------------------------------------------------------------
    # who sees what
    # ------------------------------------------------------------

    def test_kuemmerer_only_for_residents_in_care(self):
        with self.assertRaisesMessage(UserError, r"not one of the residents|nicht"):
            self.env["kuemmerer.tandem"].with_user(self.user_kuemmerer).create(
                {
                    "resident_id": self.resident_b.id,
                    "volunteer_id": self.volunteer_partner.id,
                }
            )
        self.assertFalse(
            self.env["kuemmerer.tandem"].with_user(self.user_kuemmerer_b).search([])
        )

    def test_staff_and_other_portal_see_nothing(self):
        self.tandem.action_activate()
        for user in (self.user_staff, self.user_internal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["kuemmerer.tandem"].with_user(user).search([])
        self.assertFalse(
            self.env["kuemmerer.tandem"].with_user(self.user_portal_other).search([])
        )

    def test_volunteer_reads_own_active_tandem_only(self):
        Tandem = self.env["kuemmerer.tandem"].with_user(self.user_portal)
        self.assertFalse(Tandem.search([]), "a proposed tandem is not shown yet")
        self.tandem.action_activate()
        self.assertEqual(Tandem.search([]), self.tandem)
        with self.assertRaises(AccessError):
            self.tandem.with_user(self.user_portal).write({"hours_month_max": 10})
        with self.assertRaises(AccessError):
            self.tandem.with_user(self.user_portal).read(["agreement"])
