# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .shift_common import KuemmererShiftCommon


@tagged("post_install", "-at_install")
class TestShiftSecurity(KuemmererShiftCommon):
    """Access matrix of the volunteer models per role, and the portal rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shift_a = cls._create_shift("Café A", days=4, seats_max=5, publish=True)
        cls.draft_a = cls._create_shift("Entwurf A", days=4, seats_max=5)
        cls.shift_b = cls._create_shift(
            "Café B",
            days=4,
            seats_max=5,
            quarter_id=cls.quarter_b.id,
            user_id=cls.user_kuemmerer_b.id,
            publish=True,
        )
        Registration = cls.env["kuemmerer.shift.registration"]
        cls.reg_own = Registration.create(
            {"shift_id": cls.shift_a.id, "partner_id": cls.volunteer_partner.id}
        )
        cls.reg_other = Registration.create(
            {"shift_id": cls.shift_a.id, "partner_id": cls.volunteer_a2.id}
        )
        cls.reg_b = Registration.create(
            {"shift_id": cls.shift_b.id, "partner_id": cls.volunteer_b.id}
        )

    def _shift_values(self, quarter):
        return {
            "name": "Neu",
            "quarter_id": quarter.id,
            "date_begin": self.shift_a.date_begin,
            "date_end": self.shift_a.date_end,
        }

    # ------------------------------------------------------------
    # backend roles
    # ------------------------------------------------------------

    def test_staff_see_but_do_not_plan(self):
        Shift = self.env["kuemmerer.shift"].with_user(self.user_staff)
        self.assertEqual(Shift.search([]), self.shift_a | self.draft_a | self.shift_b)
        registrations = (
            self.env["kuemmerer.shift.registration"]
            .with_user(self.user_staff)
            .search([])
        )
        self.assertEqual(registrations, self.reg_own | self.reg_other | self.reg_b)
        with self.assertRaises(AccessError):
            Shift.create(self._shift_values(self.quarter_a))
        with self.assertRaises(AccessError):
            self.shift_a.with_user(self.user_staff).write({"name": "x"})
        with self.assertRaises(AccessError):
            self.draft_a.with_user(self.user_staff).unlink()
        with self.assertRaises(AccessError):
            self.reg_own.with_user(self.user_staff).write({"hours": 1})
        with self.assertRaises(AccessError):
            self.env["kuemmerer.shift.registration"].with_user(self.user_staff).create(
                {"shift_id": self.shift_a.id, "partner_id": self.volunteer_b.id}
            )
        with self.assertRaises(AccessError):
            self.env["kuemmerer.skill"].with_user(self.user_staff).create(
                {"name": "Neu"}
            )
        with self.assertRaises(AccessError):
            self.env["kuemmerer.volunteer.availability"].with_user(
                self.user_staff
            ).create({"partner_id": self.volunteer_partner.id, "weekday": "0"})

    def test_kuemmerer_plan_their_quarters(self):
        user = self.user_kuemmerer
        Shift = self.env["kuemmerer.shift"].with_user(user)
        self.assertIn(self.shift_b, Shift.search([]), "every shift is visible")
        shift = Shift.create(self._shift_values(self.quarter_a))
        shift.write({"seats_max": 4})
        self.draft_a.with_user(user).unlink()
        with self.assertRaises(AccessError):
            self.shift_b.with_user(user).write({"name": "x"})
        with self.assertRaises(AccessError):
            Shift.create(
                {
                    **self._shift_values(self.quarter_b),
                    "user_id": self.user_kuemmerer_b.id,
                }
            )
        with self.assertRaises(AccessError):
            self.reg_b.with_user(user).write({"hours": 1})
        self.reg_own.with_user(user).write({"hours": 1.5})
        with self.assertRaises(AccessError):
            self.env["kuemmerer.skill"].with_user(user).create({"name": "Neu"})
        self.env["kuemmerer.volunteer.availability"].with_user(user).create(
            {"partner_id": self.volunteer_partner.id, "weekday": "0"}
        )

    def test_manager_plans_everything(self):
        user = self.user_manager
        self.shift_b.with_user(user).write({"name": "Café B2"})
        self.reg_b.with_user(user).write({"hours": 1})
        self.env["kuemmerer.skill"].with_user(user).create({"name": "Gartenarbeit"})
        self.draft_a.with_user(user).unlink()
        self.assertEqual(self.shift_b.name, "Café B2")
        self.assertEqual(self.reg_b.hours, 1)
        self.assertTrue(
            self.env["kuemmerer.skill"].search([("name", "=", "Gartenarbeit")])
        )
        self.assertFalse(self.draft_a.exists())

    def test_internal_users_without_group_see_nothing(self):
        for model in (
            "kuemmerer.shift",
            "kuemmerer.shift.registration",
            "kuemmerer.skill",
            "kuemmerer.volunteer.availability",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.user_internal).search_read([], ["id"])

    # ------------------------------------------------------------
    # portal volunteers
    # ------------------------------------------------------------

    def test_portal_volunteer_sees_published_shifts_of_their_quarters(self):
        Shift = self.env["kuemmerer.shift"].with_user(self.user_portal)
        self.assertEqual(Shift.search([]), self.shift_a)
        for shift in (self.draft_a, self.shift_b):
            with self.subTest(shift=shift.name), self.assertRaises(AccessError):
                shift.with_user(self.user_portal).read(["name"])
        with self.assertRaises(AccessError):
            self.shift_a.with_user(self.user_portal).write({"name": "x"})
        with self.assertRaises(AccessError):
            Shift.create(self._shift_values(self.quarter_a))
        with self.assertRaises(AccessError):
            self.shift_a.with_user(self.user_portal).unlink()
        # the volunteer of quarter B sees B only
        self.assertEqual(
            self.env["kuemmerer.shift"].with_user(self.user_portal_b).search([]),
            self.shift_b,
        )

    def test_portal_volunteer_sees_only_own_registrations(self):
        Registration = self.env["kuemmerer.shift.registration"].with_user(
            self.user_portal
        )
        self.assertEqual(Registration.search([]), self.reg_own)
        # not through the shift either: no other volunteer's name
        registrations = self.shift_a.with_user(self.user_portal).registration_ids
        self.assertEqual(registrations, self.reg_own)
        with self.assertRaises(AccessError):
            self.reg_other.with_user(self.user_portal).read(["partner_id"])
        with self.assertRaises(AccessError):
            Registration.create(
                {"shift_id": self.shift_a.id, "partner_id": self.volunteer_partner.id}
            )
        with self.assertRaises(AccessError):
            self.reg_own.with_user(self.user_portal).write({"state": "cancelled"})
        with self.assertRaises(AccessError):
            self.reg_own.with_user(self.user_portal).unlink()

    def test_portal_users_who_are_not_volunteers_see_no_shift(self):
        self.assertFalse(
            self.env["kuemmerer.shift"].with_user(self.user_portal_other).search([])
        )
        self.assertFalse(
            self.env["kuemmerer.shift.registration"]
            .with_user(self.user_portal_other)
            .search([])
        )

    def test_portal_has_no_access_to_casework(self):
        for model in (
            "kuemmerer.help.step",
            "kuemmerer.help.chain",
            "kuemmerer.need",
            "kuemmerer.volunteer.availability",
            "kuemmerer.skill",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.user_portal).search_read([], ["id"])
        with self.assertRaises(AccessError):
            self.volunteer_a2.with_user(self.user_portal).read(["name"])

    def test_public_has_no_access(self):
        public = self.env.ref("base.public_user")
        for model in ("kuemmerer.shift", "kuemmerer.shift.registration"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(public).search_read([], ["id"])

    def test_portal_volunteer_learns_no_names_through_the_calendar(self):
        """Volunteers are attendees of the shift's event; Odoo lets them read
        the event, but not who else attends."""
        event = self.shift_a.calendar_event_id
        Event = self.env["calendar.event"].with_user(self.user_portal)
        values = Event.browse(event.id).read(["name", "partner_ids"])[0]
        self.assertEqual(values["name"], "Café A")
        self.assertNotIn(self.volunteer_a2.id, values["partner_ids"], "not even the id")
        with self.assertRaises(AccessError):
            Event.browse(event.id).web_read(
                {"partner_ids": {"fields": {"display_name": {}}}}
            )
        with self.assertRaises(AccessError):
            self.env["calendar.attendee"].with_user(self.user_portal).search_read(
                [], ["common_name"]
            )
        with self.assertRaises(AccessError):
            self.env["mail.followers"].with_user(self.user_portal).search_read(
                [], ["name"]
            )

    def test_multi_company(self):
        other_company = self.env["res.company"].create(
            {"name": "Andere Genossenschaft"}
        )
        shift = self.env["kuemmerer.shift"].create(
            {
                **self._shift_values(self.quarter_a),
                "name": "Fremde Firma",
                "company_id": other_company.id,
            }
        )
        registration = self.env["kuemmerer.shift.registration"].create(
            {"shift_id": shift.id, "partner_id": self.volunteer_partner.id}
        )
        for user in (self.user_manager, self.user_staff, self.user_portal):
            with self.subTest(user=user.login):
                self.assertNotIn(
                    shift, self.env["kuemmerer.shift"].with_user(user).search([])
                )
                self.assertNotIn(
                    registration,
                    self.env["kuemmerer.shift.registration"].with_user(user).search([]),
                )
                with self.assertRaises(AccessError):
                    shift.with_user(user).read(["name"])
