# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import datetime, timedelta

import psycopg2
from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .shift_common import KuemmererShiftCommon


@tagged("post_install", "-at_install")
class TestShift(KuemmererShiftCommon):
    # ------------------------------------------------------------
    # calendar: event, attendees, invitations with .ics
    # ------------------------------------------------------------

    def test_publish_creates_event_with_attendees_and_invitations(self):
        shift = self._shift(seats_max=3)
        self._register(shift, self.volunteer_partner)
        self._register(shift, self.volunteer_a2)
        self.assertFalse(shift.calendar_event_id, "a draft shift has no calendar event")
        self.assertFalse(
            self._mails(self.volunteer_partner), "no invitation before publishing"
        )

        shift.with_user(self.user_kuemmerer).action_publish()

        event = shift.calendar_event_id
        self.assertEqual(shift.state, "published")
        self.assertEqual(event.name, shift.name)
        self.assertEqual((event.start, event.stop), (shift.date_begin, shift.date_end))
        self.assertEqual(event.user_id, self.user_kuemmerer)
        attendees = self.env["calendar.attendee"].search([("event_id", "=", event.id)])
        self.assertEqual(
            attendees.partner_id,
            self.user_kuemmerer.partner_id | self.volunteer_partner | self.volunteer_a2,
        )
        # the reminder the day before, by e-mail, with our own template
        self.assertEqual(event.alarm_ids, self.reminder_alarm)
        self.assertEqual(
            (self.reminder_alarm.duration, self.reminder_alarm.interval), (1, "days")
        )
        self.assertEqual(self.reminder_alarm.alarm_type, "email")
        self.assertEqual(
            self.reminder_alarm.mail_template_id,
            self.env.ref("kuemmerer_addon.mail_template_shift_reminder"),
        )
        # one invitation per volunteer, each with the .ics and nobody else's name
        for volunteer, other in (
            (self.volunteer_partner, self.volunteer_a2),
            (self.volunteer_a2, self.volunteer_partner),
        ):
            mail = self._mails(volunteer, "Ihr Einsatz")
            self.assertEqual(len(mail), 1)
            self.assertEqual(
                self._mails(volunteer), mail, "no e-mail of Odoo's own templates"
            )
            self.assertNotIn("/calendar/meeting/accept", mail.body_html)
            self.assertEqual(mail.recipient_ids, volunteer)
            self.assertIn("Nachbarschaftscafé", mail.subject)
            self.assertIn(volunteer.name, mail.body_html)
            self.assertNotIn(other.name, mail.body_html)
            self.assertIn(f"/my/shifts/{shift.id}", mail.body_html)
            ics = self._ics(mail)
            self.assertIn("BEGIN:VEVENT", ics)
            self.assertIn("SUMMARY:Nachbarschaftscafé", ics)
            self.assertIn(f"UID:kuemmerer-shift-{shift.id}-{event.id}@", ics)
            self.assertNotIn("ATTENDEE", ics)
            self.assertNotIn(other.email, ics)
            self.assertNotIn(volunteer.email, ics)

    def test_calendar_invitation_of_odoo_would_list_attendees(self):
        """Why we use our own template: Odoo's names every attendee."""
        body = self.env.ref("calendar.calendar_template_meeting_invitation").body_html
        self.assertIn("attendee_ids", body)
        ours = self.env.ref("kuemmerer_addon.mail_template_shift_invitation").body_html
        self.assertNotIn("attendee_ids", ours)

    def test_registration_after_publishing_invites_only_the_new_volunteer(self):
        shift = self._shift(publish=True)
        self._register(shift, self.volunteer_partner)
        self.assertEqual(len(self._mails(self.volunteer_partner, "Ihr Einsatz")), 1)
        registration = self._register(shift, self.volunteer_a2)
        self.assertEqual(
            len(self._mails(self.volunteer_partner, "Ihr Einsatz")),
            1,
            "not invited twice",
        )
        self.assertEqual(len(self._mails(self.volunteer_a2, "Ihr Einsatz")), 1)
        self.assertIn(self.volunteer_a2, shift.calendar_event_id.partner_ids)
        self.assertEqual(registration.state, "registered")

    def test_cancel_registration_removes_attendee_and_sends_cancellation(self):
        shift = self._shift(days=5, publish=True)
        registration = self._register(shift, self.volunteer_partner)
        registration.action_cancel()
        self.assertEqual(registration.state, "cancelled")
        self.assertTrue(registration.date_cancelled)
        self.assertNotIn(self.volunteer_partner, shift.calendar_event_id.partner_ids)
        self.assertFalse(
            self.env["calendar.attendee"].search(
                [
                    ("event_id", "=", shift.calendar_event_id.id),
                    ("partner_id", "=", self.volunteer_partner.id),
                ]
            )
        )
        mail = self._mails(self.volunteer_partner, "Abgemeldet")
        self.assertEqual(len(mail), 1)
        ics = self._ics(mail)
        self.assertIn("METHOD:CANCEL", ics)
        self.assertIn("STATUS:CANCELLED", ics)
        self.assertEqual(shift.seats_taken, 0)
        # signed up again a minute later: the new invitation (same UID) is newer
        with freeze_time(fields.Datetime.now() + timedelta(minutes=1)):
            self._register(shift, self.volunteer_partner)
        invitation = self._mails(self.volunteer_partner, "Ihr Einsatz").sorted("id")[-1]
        sequence = re.compile(r"^SEQUENCE:(\d+)", re.M)
        self.assertGreater(
            int(sequence.search(self._ics(invitation)).group(1)),
            int(sequence.search(ics).group(1)),
        )

    def test_cancel_shift_cancels_event_and_tells_every_volunteer(self):
        shift = self._shift(seats_max=5, publish=True)
        self._register(shift, self.volunteer_partner)
        self._register(shift, self.volunteer_a2)
        cancelled = self._register(shift, self.volunteer_b)
        cancelled.action_cancel()
        event = shift.calendar_event_id

        shift.with_user(self.user_kuemmerer).action_cancel()

        self.assertEqual(shift.state, "cancelled")
        self.assertFalse(event.active, "the calendar event is cancelled (archived)")
        for volunteer in (self.volunteer_partner, self.volunteer_a2):
            mail = self._mails(volunteer, "Abgesagt")
            self.assertEqual(len(mail), 1, volunteer.name)
            self.assertIn("METHOD:CANCEL", self._ics(mail))
            self.assertNotIn(
                (
                    self.volunteer_a2
                    if volunteer == self.volunteer_partner
                    else self.volunteer_partner
                ).name,
                mail.body_html,
            )
        self.assertFalse(
            self._mails(self.volunteer_b, "Abgesagt"),
            "already cancelled: not told again",
        )
        self.assertTrue(
            any(
                "2 registered volunteers were informed" in str(m.body)
                for m in shift.message_ids
            )
        )
        with self.assertRaisesMessage(UserError, "cancelled"):
            shift.sudo()._kuemmerer_sign_up(self.volunteer_b)

    def test_reminder_the_day_before(self):
        shift = self._shift(days=3, publish=True)
        self._register(shift, self.volunteer_partner)
        self._register(shift, self.volunteer_a2)
        self.env.flush_all()
        remind_at = shift.date_begin - timedelta(days=1) + timedelta(minutes=1)
        with freeze_time(remind_at):
            self.env["calendar.alarm_manager"].with_context(
                lastcall=remind_at - timedelta(minutes=10)
            )._send_reminder()
        mail = self._mails(self.volunteer_partner, "Erinnerung")
        self.assertEqual(len(mail), 1)
        self.assertNotIn(self.volunteer_a2.name, mail.body_html)
        self.assertNotIn("ATTENDEE", self._ics(mail))

    def test_change_of_published_shift_updates_event_and_tells_volunteers(self):
        shift = self._shift(days=4, publish=True)
        self._register(shift, self.volunteer_partner)
        new_begin = shift.date_begin + timedelta(days=1)
        shift.write(
            {
                "date_begin": new_begin,
                "date_end": new_begin + timedelta(hours=3),
                "location": "Garten",
            }
        )
        self.assertEqual(shift.calendar_event_id.start, new_begin)
        self.assertEqual(shift.calendar_event_id.location, "Garten")
        mail = self._mails(self.volunteer_partner, "Geändert")
        self.assertEqual(len(mail), 1)
        self.assertIn("Garten", mail.body_html)
        # the invitation and the change: not Odoo's own "date updated" mail, which
        # lists attendees
        self.assertEqual(len(self._mails(self.volunteer_partner)), 2)
        # without an address the quarter is the place: the event follows a new quarter
        shift.write({"location": False})
        self.assertEqual(shift.calendar_event_id.location, self.quarter_a.name)
        shift.sudo().quarter_id = self.quarter_b
        self.assertEqual(shift.calendar_event_id.location, self.quarter_b.name)

    def test_publish_rules(self):
        past = self._shift(days=-1)
        with self.assertRaisesMessage(UserError, "already begun"):
            past.action_publish()
        self.assertEqual(past.state, "draft")
        shift = self._shift(publish=True)
        with self.assertRaisesMessage(UserError, "Only a draft shift"):
            shift.action_publish()
        with self.assertRaisesMessage(
            UserError, "published or done shift cannot be deleted"
        ):
            shift.unlink()

    # ------------------------------------------------------------
    # registrations and seats
    # ------------------------------------------------------------

    def test_seat_limit(self):
        shift = self._shift(seats_max=1, publish=True)
        shift.sudo()._kuemmerer_sign_up(self.volunteer_partner)
        self.assertEqual((shift.seats_taken, shift.seats_available), (1, 0))
        with self.assertRaisesMessage(UserError, "All seats for this shift are taken"):
            shift.sudo()._kuemmerer_sign_up(self.volunteer_a2)
        self.assertEqual(len(shift.registration_ids), 1, "nothing written")
        # a coordinator in the backend (or a client over RPC) gets a plain UserError
        with self.assertRaises(UserError) as caught:
            self.env["kuemmerer.shift.registration"].with_user(
                self.user_kuemmerer
            ).create({"shift_id": shift.id, "partner_id": self.volunteer_a2.id})
        self.assertIs(type(caught.exception), UserError)
        self.assertIn("All seats for this shift are taken", str(caught.exception))
        # whoever may not sign up at all hears the real reason, full or not
        self.volunteer_a2.volunteer_state = "paused"
        with self.assertRaisesMessage(
            UserError, "You cannot sign up for shifts at the moment"
        ):
            shift.sudo()._kuemmerer_sign_up(self.volunteer_a2)
        self.volunteer_a2.volunteer_state = "active"
        self.assertEqual(shift.seats_taken, 1)
        # a cancellation frees the seat
        shift.registration_ids.action_cancel()
        self.assertEqual((shift.seats_taken, shift.seats_available), (0, 1))
        shift.sudo()._kuemmerer_sign_up(self.volunteer_a2)
        self.assertEqual(shift.seats_taken, 1)
        # the stored column is what the database guards
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT seats_taken FROM kuemmerer_shift WHERE id = %s", [shift.id]
        )
        self.assertEqual(self.env.cr.fetchone()[0], 1)

    def test_unlimited_seats(self):
        shift = self._shift(seats_max=0, publish=True)
        for volunteer in (self.volunteer_partner, self.volunteer_a2):
            shift.sudo()._kuemmerer_sign_up(volunteer)
        self.assertEqual((shift.seats_taken, shift.seats_available), (2, 0))

    def test_seats_max_not_below_taken(self):
        shift = self._shift(seats_max=3)
        self._register(shift, self.volunteer_partner)
        self._register(shift, self.volunteer_a2)
        with self.assertRaisesMessage(
            ValidationError, "2 volunteers are already registered"
        ):
            shift.seats_max = 1
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            shift.seats_max = -1
        with self.assertRaisesMessage(UserError, "cannot be changed"):
            shift.seats_taken = 0

    def test_double_sign_up(self):
        shift = self._shift(seats_max=5, publish=True)
        shift.sudo()._kuemmerer_sign_up(self.volunteer_partner)
        with self.assertRaisesMessage(UserError, "Vera Ehrenamt is already registered"):
            shift.sudo()._kuemmerer_sign_up(self.volunteer_partner)
        with self.assertRaisesMessage(UserError, "already registered"):
            self.env["kuemmerer.shift.registration"].create(
                [
                    {"shift_id": shift.id, "partner_id": self.volunteer_a2.id},
                    {"shift_id": shift.id, "partner_id": self.volunteer_a2.id},
                ]
            )
        self.assertEqual(len(shift.registration_ids), 1)
        self.assertEqual(shift.seats_taken, 1)
        # after a cancellation the volunteer may sign up again
        shift.registration_ids.action_cancel()
        shift.sudo()._kuemmerer_sign_up(self.volunteer_partner)
        self.assertEqual(len(shift.registration_ids), 2)
        with self.assertRaisesMessage(UserError, "already registered"):
            shift.registration_ids.filtered(
                lambda r: r.state == "cancelled"
            ).state = "registered"

    @mute_logger("odoo.sql_db")
    def test_unique_index_backs_up(self):
        shift = self._shift(seats_max=5)
        registration = self._register(shift, self.volunteer_partner)
        self.env.flush_all()
        with self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint():
            self.env.cr.execute(
                "INSERT INTO kuemmerer_shift_registration (shift_id, partner_id, "
                "state, company_id) "
                "VALUES (%s, %s, 'registered', %s)",
                [shift.id, self.volunteer_partner.id, registration.company_id.id],
            )
        # a cancelled registration next to an active one is fine
        self.env.cr.execute(
            "INSERT INTO kuemmerer_shift_registration (shift_id, partner_id, state, "
            "company_id) "
            "VALUES (%s, %s, 'cancelled', %s)",
            [shift.id, self.volunteer_partner.id, registration.company_id.id],
        )

    def test_sign_up_rules(self):
        Registration = self.env["kuemmerer.shift.registration"]
        count = Registration.search_count([])
        draft = self._shift()
        past = self._shift(days=-1, publish=False)
        past.state = "published"
        cancelled = self._shift(publish=True)
        cancelled.action_cancel()
        other_quarter = self._shift(quarter_id=self.quarter_b.id, publish=True)
        cases = [
            (draft, self.volunteer_partner, "over or has already begun"),
            (past, self.volunteer_partner, "over or has already begun"),
            (cancelled, self.volunteer_partner, "has been cancelled"),
            (other_quarter, self.volunteer_partner, "quarter in which you do not help"),
        ]
        for shift, partner, message in cases:
            with self.subTest(shift=shift.name, message=message):
                with self.assertRaisesMessage(UserError, message):
                    shift.sudo()._kuemmerer_sign_up(partner)
        open_shift = self._shift(publish=True)
        for state in ("interested", "paused", "ended"):
            self.volunteer_a2.volunteer_state = state
            with (
                self.subTest(state=state),
                self.assertRaisesMessage(UserError, "cannot sign up"),
            ):
                open_shift.sudo()._kuemmerer_sign_up(self.volunteer_a2)
        with self.assertRaisesMessage(UserError, "cannot sign up"):
            open_shift.sudo()._kuemmerer_sign_up(self.resident_a)
        self.assertEqual(Registration.search_count([]), count, "nothing written")
        # helping in a second quarter
        self.volunteer_partner.volunteer_quarter_ids = self.quarter_b
        other_quarter.sudo()._kuemmerer_sign_up(self.volunteer_partner)

    def test_portal_cancellation_deadline(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "kuemmerer_addon.shift_cancel_hours", "48"
        )
        soon = self._shift(days=1, publish=True)
        self.assertEqual(
            soon.cancel_deadline_hours, 48, "the default comes from the configuration"
        )
        registration = soon.sudo()._kuemmerer_sign_up(self.volunteer_partner)
        with self.assertRaisesMessage(
            UserError, "only until 48 hours before the start"
        ):
            registration._kuemmerer_portal_cancel()
        self.assertEqual(registration.state, "registered")
        # the deadline can differ per shift
        soon.cancel_deadline_hours = 12
        registration._kuemmerer_portal_cancel()
        self.assertEqual(registration.state, "cancelled")
        with self.assertRaisesMessage(UserError, "not registered"):
            registration._kuemmerer_portal_cancel()
        self.env["ir.config_parameter"].sudo().set_param(
            "kuemmerer_addon.shift_cancel_hours", "garbage"
        )
        self.assertEqual(self._shift().cancel_deadline_hours, 24)
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            soon.cancel_deadline_hours = -1

    def test_registration_cannot_move(self):
        shift = self._shift(seats_max=5)
        registration = self._register(shift, self.volunteer_partner)
        with self.assertRaisesMessage(UserError, "cannot be moved"):
            registration.partner_id = self.volunteer_a2
        with self.assertRaisesMessage(UserError, "cannot be moved"):
            registration.shift_id = self._shift()

    # ------------------------------------------------------------
    # attendance and hours
    # ------------------------------------------------------------

    def test_attendance_and_hours(self):
        with freeze_time("2030-06-10 08:00:00"):
            shift = self._shift(days=2, hours=2.5, seats_max=5, publish=True)
            attended = self._register(shift, self.volunteer_partner)
            no_show = self._register(shift, self.volunteer_a2)
            with self.assertRaisesMessage(UserError, "once the shift has begun"):
                attended.action_attended()
            with self.assertRaisesMessage(UserError, "has not begun yet"):
                shift.action_done()
        with freeze_time("2030-06-12 12:00:00"):
            self.assertEqual(
                attended.hours, 2.5, "hours default to the shift's duration"
            )
            no_show.action_no_show()
            shift.with_user(self.user_kuemmerer).action_done()
            self.assertEqual(shift.state, "done")
            self.assertEqual(attended.state, "attended")
            self.assertEqual(attended.hours, 2.5)
            self.assertEqual((no_show.state, no_show.hours), ("no_show", 0.0))
            # an earlier shift of the same year, with corrected hours
            earlier = self._shift(days=-30, hours=3, seats_max=5)
            self._register(earlier, self.volunteer_partner, state="attended", hours=2.0)
            # last year's shift does not count for this year
            last_year = self._shift(days=-400, hours=4)
            self._register(last_year, self.volunteer_partner, state="attended")
            self.volunteer_partner.invalidate_recordset(["volunteer_hours_year"])
            self.assertEqual(self.volunteer_partner.volunteer_hours_year, 4.5)
            self.assertEqual(self.volunteer_partner.volunteer_shift_count, 2)
            self.assertEqual(self.volunteer_a2.volunteer_hours_year, 0.0)
            with self.assertRaisesMessage(UserError, "cannot be deleted"):
                attended.unlink()
            with self.assertRaisesMessage(UserError, "Only a published shift"):
                shift.action_done()

    # ------------------------------------------------------------
    # series
    # ------------------------------------------------------------

    def test_weekly_series_keeps_local_time_across_summer_time(self):
        # 2030-03-31 clocks go forward in Germany: 14:30 stays 14:30
        begin = datetime(2030, 3, 21, 13, 30)  # Thursday 14:30 CET
        shift = self.env["kuemmerer.shift"].create(
            {
                "name": "Nachbarschaftscafé",
                "quarter_id": self.quarter_a.id,
                "user_id": self.user_kuemmerer.id,
                "date_begin": begin,
                "date_end": begin + timedelta(hours=2, minutes=30),
                "skill_ids": [(4, self.env.ref("kuemmerer_addon.skill_visits").id)],
                "seats_max": 3,
                "recurrence": "weekly",
                "recurrence_until": fields.Date.to_date("2030-04-11"),
            }
        )
        series = shift.series_shift_ids.sorted("date_begin")
        self.assertEqual(
            series.mapped("date_begin"),
            [
                datetime(2030, 3, 28, 13, 30),
                datetime(2030, 4, 4, 12, 30),
                datetime(2030, 4, 11, 12, 30),
            ],
        )
        self.assertEqual(series.mapped("date_end")[1], datetime(2030, 4, 4, 15, 0))
        self.assertEqual(set(series.mapped("state")), {"draft"})
        self.assertEqual(series.skill_ids, shift.skill_ids)
        self.assertEqual(set(series.mapped("seats_max")), {3})
        self.assertEqual(set(series.mapped("recurrence")), {"none"})
        self.assertEqual(shift.series_count, 3)
        # running it again creates nothing twice; extending adds the missing ones
        self.assertFalse(shift._kuemmerer_generate_series())
        with self.assertRaisesMessage(UserError, "series is complete"):
            shift.action_generate_series()
        shift.recurrence_until = fields.Date.to_date("2030-04-25")
        self.assertEqual(len(shift.series_shift_ids), 5)
        action = series[0].action_view_series()
        self.assertEqual(len(self.env["kuemmerer.shift"].search(action["domain"])), 6)

    def test_biweekly_series_and_limits(self):
        begin = datetime(2030, 1, 7, 9, 0)
        shift = self.env["kuemmerer.shift"].create(
            {
                "name": "Spaziergruppe",
                "quarter_id": self.quarter_a.id,
                "user_id": self.user_kuemmerer.id,
                "date_begin": begin,
                "date_end": begin + timedelta(hours=1),
                "recurrence": "biweekly",
                "recurrence_until": fields.Date.to_date("2030-02-20"),
            }
        )
        self.assertEqual(
            shift.series_shift_ids.sorted("date_begin").mapped("date_begin"),
            [
                datetime(2030, 1, 21, 9, 0),
                datetime(2030, 2, 4, 9, 0),
                datetime(2030, 2, 18, 9, 0),
            ],
        )
        count = self.env["kuemmerer.shift"].search_count([])
        with self.assertRaisesMessage(ValidationError, "at most two years"):
            shift.recurrence_until = fields.Date.to_date("2033-01-01")
        with self.assertRaisesMessage(
            ValidationError, "must end after the first shift"
        ):
            shift.recurrence_until = fields.Date.to_date("2029-12-01")
        with self.assertRaisesMessage(ValidationError, "until which the shift repeats"):
            shift.recurrence_until = False
        self.assertEqual(
            self.env["kuemmerer.shift"].search_count([]), count, "nothing written"
        )

    def test_publishing_the_first_shift_publishes_the_series(self):
        shift = self._shift(days=2)
        shift.write(
            {
                "recurrence": "weekly",
                "recurrence_until": (
                    shift.date_begin + relativedelta(weeks=2, days=1)
                ).date(),
            }
        )
        self.assertEqual(len(shift.series_shift_ids), 2)
        shift.action_publish()
        self.assertEqual(set(shift.series_shift_ids.mapped("state")), {"published"})
        self.assertEqual(len(shift.series_shift_ids.calendar_event_id), 2)
        for published in (
            shift | shift.series_shift_ids
        ):  # created in one batch, each its own
            self.assertEqual(published.calendar_event_id.res_id, published.id)
            self.assertEqual(published.calendar_event_id.start, published.date_begin)
        # a published series grows published
        shift.recurrence_until = (
            shift.date_begin + relativedelta(weeks=3, days=1)
        ).date()
        self.assertEqual(set(shift.series_shift_ids.mapped("state")), {"published"})
        self.assertEqual(len(shift.series_shift_ids), 3)
