# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MockEmail

from .shift_common import KuemmererShiftCommon


@tagged("post_install", "-at_install")
class TestVolunteer(KuemmererShiftCommon, MockEmail):
    def _certificate_activities(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("summary", "=", "Ask for the extended police certificate"),
            ]
        )

    def test_default_skills(self):
        names = self.env["kuemmerer.skill"].search([]).mapped("name")
        for name in (
            "Einkaufen",
            "Begleitung zu Terminen",
            "Besuche und Gespräche",
            "Vorlesen",
            "Technikhilfe",
            "Behördengänge",
            "Spaziergänge",
            "Sprachen",
        ):
            self.assertIn(name, names)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.env["kuemmerer.skill"].create({"name": "Einkaufen"})

    def test_profile(self):
        volunteer = self.env["res.partner"].create(
            {
                "name": "Gisela Neu",
                "is_volunteer": True,
                "quarter_id": self.quarter_a.id,
                "skill_ids": [(4, self.env.ref("kuemmerer_addon.skill_reading").id)],
                "volunteer_lang_ids": [(4, self.env.ref("base.lang_tr").id)],
                "volunteer_quarter_ids": [(4, self.quarter_b.id)],
                "availability_ids": [
                    (0, 0, {"weekday": "1", "hour_from": 14.0, "hour_to": 17.5})
                ],
            }
        )
        self.assertEqual(
            volunteer.volunteer_state, "interested", "new volunteers are interested"
        )
        self.assertEqual(
            self.env["kuemmerer.volunteer"]._quarters(volunteer),
            self.quarter_a | self.quarter_b,
        )
        self.assertEqual(
            volunteer.volunteer_lang_ids.code,
            "tr_TR",
            "any language, also inactive ones",
        )
        found = self.env["res.partner"].search(
            [("is_volunteer", "=", True), ("availability_ids.weekday", "=", "1")]
        )
        self.assertIn(volunteer, found)
        with self.assertRaisesMessage(ValidationError, "time span within one day"):
            volunteer.availability_ids.hour_to = 10.0

    @freeze_time("2026-05-04")
    def test_police_certificate_warning_and_activity(self):
        volunteer = self.env["res.partner"].create(
            {
                "name": "Gerd Aktiv",
                "is_volunteer": True,
                "quarter_id": self.quarter_a.id,
            }
        )
        self.quarter_a.manager_id = self.user_manager
        self.assertFalse(
            volunteer.police_certificate_due, "only active volunteers need one"
        )
        self.assertFalse(self._certificate_activities(volunteer))

        volunteer.volunteer_state = "active"  # missing for an active volunteer
        self.assertTrue(volunteer.police_certificate_due)
        activity = self._certificate_activities(volunteer)
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.user_id, self.user_manager, "for the quarter's coordinator"
        )
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("kuemmerer_addon.mail_activity_type_police_certificate"),
        )
        # never a second one while one is open
        self.env["kuemmerer.volunteer"]._check_police_certificate(volunteer)
        self.env["kuemmerer.volunteer"]._cron_police_certificate()
        self.assertEqual(len(self._certificate_activities(volunteer)), 1)

        # a certificate of exactly five years ago is too old, one day younger is fine
        volunteer.police_certificate_date = fields.Date.to_date("2021-05-04")
        self.assertTrue(volunteer.police_certificate_due)
        self.assertEqual(len(self._certificate_activities(volunteer)), 1)
        volunteer.police_certificate_date = fields.Date.to_date("2021-05-05")
        self.assertFalse(volunteer.police_certificate_due)
        self.assertFalse(self._certificate_activities(volunteer), "done once recorded")
        self.assertIn(
            volunteer,
            self.env["res.partner"].search([("police_certificate_due", "=", False)]),
        )
        self.assertNotIn(
            volunteer,
            self.env["res.partner"].search([("police_certificate_due", "=", True)]),
        )

        # a day later, without any change on the volunteer: the daily check
        with freeze_time("2026-05-05"):
            volunteer.invalidate_recordset(["police_certificate_due"])
            self.assertTrue(volunteer.police_certificate_due)
            self.env["kuemmerer.volunteer"]._cron_police_certificate()
            self.assertEqual(len(self._certificate_activities(volunteer)), 1)
            self.env["kuemmerer.volunteer"]._cron_police_certificate()
            self.assertEqual(
                len(self._certificate_activities(volunteer)), 1, "no duplicate"
            )
        # paused volunteers are not asked
        volunteer.volunteer_state = "paused"
        self.assertFalse(volunteer.police_certificate_due)
        self.assertFalse(self._certificate_activities(volunteer))
        done = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", volunteer.id)],
            order="id desc",
            limit=1,
        )
        self.assertIn("no longer an active volunteer", done.body)
        # nor those who are no volunteers any more
        volunteer.write({"volunteer_state": "active", "police_certificate_date": False})
        self.assertEqual(len(self._certificate_activities(volunteer)), 1)
        volunteer.is_volunteer = False
        self.assertFalse(
            self._certificate_activities(volunteer), "closed when no longer a volunteer"
        )

    @freeze_time("2026-05-04")
    def test_police_certificate_is_a_qualification(self):
        """The certificate is kept among the qualifications (five years); the
        partner's date shows the latest, and recording one in the list of
        qualifications closes the activity that asked for it."""
        police = self.env.ref("kuemmerer_addon.qualification_police_certificate")
        self.assertEqual(police.validity_months, 60)
        volunteer = self.env["res.partner"].create(
            {
                "name": "Gerd Aktiv",
                "is_volunteer": True,
                "volunteer_state": "active",
                "quarter_id": self.quarter_a.id,
                "police_certificate_date": "2020-03-01",
            }
        )
        Qualification = self.env["kuemmerer.volunteer.qualification"]
        held = Qualification.search([("partner_id", "=", volunteer.id)])
        self.assertEqual(held.qualification_id, police)
        self.assertEqual(str(held.date_expiry), "2025-03-01")
        self.assertTrue(volunteer.police_certificate_due)
        self.assertEqual(len(self._certificate_activities(volunteer)), 1)
        # the Kümmerer records the new one in the list of qualifications
        Qualification.with_user(self.user_kuemmerer).create(
            {
                "partner_id": volunteer.id,
                "qualification_id": police.id,
                "date": "2026-04-20",
            }
        )
        self.assertEqual(str(volunteer.police_certificate_date), "2026-04-20")
        self.assertFalse(volunteer.police_certificate_due)
        self.assertFalse(self._certificate_activities(volunteer))
        self.assertEqual(len(volunteer.volunteer_qualification_ids), 2, "history kept")
        # the same date again through the partner adds nothing
        volunteer.police_certificate_date = fields.Date.to_date("2026-04-20")
        self.assertEqual(len(volunteer.volunteer_qualification_ids), 2)
        # a certificate in the future is refused, nothing written
        with self.assertRaises(ValidationError):
            volunteer.police_certificate_date = fields.Date.to_date("2026-06-01")
        # removed from the list: asked for again
        volunteer.volunteer_qualification_ids.filtered(
            lambda r: str(r.date) == "2026-04-20"
        ).unlink()
        self.assertTrue(volunteer.police_certificate_due)
        self.assertEqual(len(self._certificate_activities(volunteer)), 1)
        self.assertIn(
            volunteer,
            self.env["res.partner"].search([("police_certificate_due", "=", True)]),
        )
        # staff see neither the certificates nor the qualifications
        with self.assertRaises(AccessError):
            Qualification.with_user(self.user_staff).search(
                [("partner_id", "=", volunteer.id)]
            )

    def test_police_certificate_is_confidential(self):
        self.volunteer_partner.police_certificate_date = fields.Date.to_date(
            "2025-01-01"
        )
        for user in (self.user_staff, self.user_internal, self.user_portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.volunteer_partner.with_user(user).read(["police_certificate_date"])
        values = self.volunteer_partner.with_user(self.user_kuemmerer).read(
            ["police_certificate_date"]
        )
        self.assertEqual(str(values[0]["police_certificate_date"]), "2025-01-01")
        # staff see the profile, not the certificate
        values = self.volunteer_partner.with_user(self.user_staff).read(
            ["volunteer_state", "skill_ids"]
        )
        self.assertEqual(values[0]["volunteer_state"], "active")

    def test_grant_portal_access(self):
        coordinator = new_test_user(
            self.env,
            login="k_coord_contacts",
            groups="base.group_user,base.group_partner_manager,kuemmerer_addon.group_kuemmerer_manager",
            email="coord@example.org",
        )
        volunteer = self.env["res.partner"].create(
            {
                "name": "Petra Portal",
                "email": "petra.portal@example.org",
                "is_volunteer": True,
                "volunteer_state": "active",
                "quarter_id": self.quarter_a.id,
            }
        )
        action = volunteer.with_user(coordinator).action_kuemmerer_grant_portal_access()
        self.assertEqual(action["res_model"], "portal.wizard")
        wizard = (
            self.env["portal.wizard"].with_user(coordinator).browse(action["res_id"])
        )
        line = wizard.user_ids.filtered(lambda u: u.partner_id == volunteer)
        with self.mock_mail_gateway():
            line.action_grant_access()
        user = volunteer.user_ids
        self.assertEqual(len(user), 1)
        self.assertTrue(user._is_portal())
        # Odoo's own invitation e-mail with the link to set a password, sent to her
        welcome = self._new_mails.filtered(
            lambda m: "petra.portal@example.org" in (m.email_to or "")
        )
        self.assertEqual(len(welcome), 1)
        self.assertEqual(welcome.state, "sent")
        self.assertIn("Your account at", welcome.subject)
        self.assertIn("/web/signup", welcome.body_html)
        # the new portal user sees the published shifts of the quarter
        shift = self._shift(publish=True)
        self.assertEqual(self.env["kuemmerer.shift"].with_user(user).search([]), shift)

        with self.assertRaisesMessage(UserError, "no e-mail address"):
            self.volunteer_a2.email = False
            self.volunteer_a2.with_user(
                coordinator
            ).action_kuemmerer_grant_portal_access()
        with self.assertRaisesMessage(UserError, "Only volunteers"):
            self.resident_a.with_user(
                coordinator
            ).action_kuemmerer_grant_portal_access()
        # the wizard itself is Odoo's: without contact rights, no access
        with self.assertRaises(AccessError):
            volunteer.with_user(self.user_staff).action_kuemmerer_grant_portal_access()

    def test_portal_rules_follow_the_volunteer(self):
        """The portal rule reads the volunteer's quarters: a change applies at once."""
        shift_b = self._shift(quarter_id=self.quarter_b.id, publish=True)
        Shift = self.env["kuemmerer.shift"].with_user(self.user_portal)
        self.assertNotIn(shift_b, Shift.search([]))
        self.volunteer_partner.volunteer_quarter_ids = self.quarter_b
        self.assertIn(shift_b, Shift.search([]))
        self.volunteer_partner.volunteer_state = "ended"
        self.assertFalse(Shift.search([]))
        self.volunteer_partner.write(
            {"volunteer_state": "active", "is_volunteer": False}
        )
        self.assertFalse(Shift.search([]))
