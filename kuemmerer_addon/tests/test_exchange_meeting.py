# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Exchange meetings of volunteers (Austauschtreffen, issue 18): planned like
neighbourhood events, one button invites the active volunteers of the quarter
by e-mail; only who may change the meeting invites."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import KuemmererCommon
from .german import load_german


class ExchangeMeetingCommon(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.volunteer_partner.volunteer_state = "active"
        Partner = cls.env["res.partner"]
        cls.helper_from_b = Partner.create(
            {
                "name": "Horst Hilfreich",
                "email": "horst@example.org",
                "is_volunteer": True,
                "volunteer_state": "active",
                "quarter_id": cls.quarter_b.id,
                "volunteer_quarter_ids": [(4, cls.quarter_a.id)],
            }
        )
        cls.without_mail = Partner.create(
            {
                "name": "Olga Ohnemail",
                "is_volunteer": True,
                "volunteer_state": "active",
                "quarter_id": cls.quarter_a.id,
            }
        )
        cls.paused = Partner.create(
            {
                "name": "Paula Pause",
                "email": "paula@example.org",
                "is_volunteer": True,
                "volunteer_state": "paused",
                "quarter_id": cls.quarter_a.id,
            }
        )
        cls.other_quarter = Partner.create(
            {
                "name": "Bruno Bach",
                "email": "bruno@example.org",
                "is_volunteer": True,
                "volunteer_state": "active",
                "quarter_id": cls.quarter_b.id,
            }
        )


@tagged("post_install", "-at_install")
class TestExchangeMeeting(ExchangeMeetingCommon, MockEmail):
    def _meeting(self, user=None, **vals):
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=5)
        Event = self.env["calendar.event"].with_user(user or self.user_kuemmerer)
        return Event.with_context(default_is_exchange_meeting=True).create(
            {
                "name": "Austauschtreffen",
                "quarter_id": self.quarter_a.id,
                "start": start,
                "stop": start + timedelta(hours=2),
                **vals,
            }
        )

    def test_invites_the_active_volunteers_of_the_quarter(self):
        meeting = self._meeting()
        self.assertTrue(meeting.is_exchange_meeting)
        with self.mock_mail_gateway():
            action = meeting.action_kuemmerer_invite_volunteers()
        invited = meeting.partner_ids - self.user_kuemmerer.partner_id
        self.assertEqual(
            invited, self.volunteer_partner | self.helper_from_b | self.without_mail
        )
        self.assertIn("3", action["params"]["message"])
        self.assertIn("Olga Ohnemail", action["params"]["message"], "to be called")
        sent_to = " ".join(str(mail["email_to"]) for mail in self._mails)
        self.assertIn(self.volunteer_partner.email, sent_to)
        self.assertIn("horst@example.org", sent_to)
        for other in ("paula@example.org", "bruno@example.org"):
            self.assertNotIn(other, sent_to)
        # a second click invites nobody twice
        action = meeting.action_kuemmerer_invite_volunteers()
        self.assertEqual(meeting.partner_ids - self.user_kuemmerer.partner_id, invited)
        self.assertEqual(action["params"]["type"], "info")

    def test_only_who_may_change_the_meeting_invites(self):
        meeting = self._meeting()
        for user in (self.user_kuemmerer_b, self.user_staff):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                meeting.with_user(user).action_kuemmerer_invite_volunteers()
        self.assertEqual(meeting.partner_ids, self.user_kuemmerer.partner_id)

    def test_an_organizer_outside_the_quarter_invites_nobody(self):
        """Staff or a Kümmerer of another quarter may organise a meeting, but
        only the quarter's Kümmerer and the coordinators invite its volunteers."""
        for user in (self.user_staff, self.user_kuemmerer_b):
            with self.subTest(user=user.login):
                meeting = self._meeting(user=user)
                with self.assertRaises(AccessError):
                    meeting.action_kuemmerer_invite_volunteers()
                self.assertEqual(meeting.partner_ids, user.partner_id)

    def test_the_invitation_names_no_other_volunteer(self):
        meeting = self._meeting()
        meeting.action_kuemmerer_invite_volunteers()
        ics = meeting._get_ics_file()[meeting.id].decode()
        self.assertNotIn("horst@example.org", ics)
        self.assertNotIn(self.volunteer_partner.email, ics)

    def test_a_past_meeting_or_one_without_quarter_is_refused(self):
        meeting = self._meeting()
        meeting.sudo().quarter_id = False
        with self.assertRaisesRegex(UserError, "quarter"):
            meeting.action_kuemmerer_invite_volunteers()
        start = fields.Datetime.now() - timedelta(days=1)
        past = self._meeting(start=start, stop=start + timedelta(hours=1))
        with self.assertRaisesRegex(UserError, "already begun"):
            past.action_kuemmerer_invite_volunteers()
        self.assertEqual(past.partner_ids, self.user_kuemmerer.partner_id)


@tagged("post_install", "-at_install")
class TestExchangeMeetingTour(HttpCase, ExchangeMeetingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_german(cls.env, cls.user_kuemmerer)

    def test_exchange_meeting_tour(self):
        self.browser_size = "1024x768"
        self.start_tour(
            "/odoo/action-kuemmerer_addon.calendar_event_action_exchange_meeting",
            "kuemmerer_exchange_meeting_tour",
            login=self.user_kuemmerer.login,
        )
        meeting = self.env["calendar.event"].search(
            [("is_exchange_meeting", "=", True)]
        )
        self.assertEqual(len(meeting), 1)
        self.assertEqual(meeting.quarter_id, self.quarter_a)
        self.assertEqual(meeting.location, "Nachbarschaftstreff Lindenstraße")
        self.assertEqual(
            meeting.partner_ids - self.user_kuemmerer.partner_id,
            self.volunteer_partner | self.helper_from_b | self.without_mail,
        )
