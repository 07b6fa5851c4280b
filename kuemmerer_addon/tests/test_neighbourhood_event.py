# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import subprocess
import tempfile
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import KuemmererCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-11-24 10:00:00")
class TestNeighbourhoodEvent(KuemmererCommon):
    """Invitations that name nobody else, letters for the rest, attendance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        resident = {"is_resident": True, "quarter_id": cls.quarter_a.id}
        cls.emma = Partner.create(
            {**resident, "name": "Emma Einladung", "email": "emma@example.org"}
        )
        cls.otto = Partner.create(
            {**resident, "name": "Otto Offenbach", "email": "otto@example.org"}
        )
        cls.paula = Partner.create(
            {
                **resident,
                "name": "Paula Papier",
                "street": "Ahornweg 3",
                "zip": "09120",
                "city": "Beispielstadt",
            }
        )
        cls.karl = cls._resident(**resident, name="Karl Kästner", lives_alone=True)
        # Anna Althaus (resident_a): e-mail but no consent -> letter
        cls.env["kuemmerer.consent"].create(
            [
                {"partner_id": partner.id, "purpose": "event_invitations"}
                for partner in (cls.emma, cls.otto, cls.paula)
            ]
        )
        cls.user_kuemmerer.partner_id.phone = "0371 4471000"
        cls.event = (
            cls.env["calendar.event"]
            .with_user(cls.user_kuemmerer)
            .create(
                {
                    "name": "Nachbarschaftsfrühstück im Ahornweg 5",
                    "is_neighbourhood_event": True,
                    "quarter_id": cls.quarter_a.id,
                    "start": "2026-12-01 08:30:00",
                    "stop": "2026-12-01 10:30:00",
                    "location": "Nachbarschaftstreff, Ahornweg 5",
                    "description": "<p>Brötchen, Kaffee und Zeit zum Erzählen.</p>",
                }
            )
        )
        cls.invited_by_mail = cls.emma | cls.otto
        cls.invited_by_letter = cls.resident_a | cls.paula | cls.karl
        cls.all_names = [
            "Emma Einladung",
            "Otto Offenbach",
            "Anna Althaus",
            "Paula Papier",
            "Karl Kästner",
        ]

    def _invite(self, user=None, **options):
        wizard = (
            self.env["kuemmerer.event.invite.wizard"]
            .with_user(user or self.user_kuemmerer)
            .create(
                {"event_id": self.event.id, "quarter_id": self.quarter_a.id, **options}
            )
        )
        wizard.action_invite()
        return wizard

    def _mails(self):
        return self.env["mail.mail"].search(
            [("model", "=", "calendar.event"), ("res_id", "=", self.event.id)]
        )

    def _pdf_text(self, partners):
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, report_type = report._render_qweb_pdf(
            "kuemmerer_addon.report_event_invitation_letter",
            partners.ids,
            data={"event_id": self.event.id},
        )
        self.assertEqual(report_type, "pdf")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            return subprocess.run(
                ["pdftotext", "-layout", file.name, "-"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout

    # ------------------------------------------------------------
    # invitations
    # ------------------------------------------------------------

    def test_invite_by_mail_and_letter(self):
        wizard = self._invite()
        organizer = self.user_kuemmerer.partner_id
        self.assertEqual(
            self.event.attendee_ids.partner_id, organizer | self.invited_by_mail
        )
        self.assertEqual(wizard.email_partner_ids, self.invited_by_mail)
        self.assertEqual(wizard.letter_partner_ids, self.invited_by_letter)
        self.assertEqual(
            self.event.kuemmerer_letter_partner_ids, self.invited_by_letter
        )
        self.assertNotIn(self.resident_b, self.event.attendee_ids.partner_id)
        # residents do not follow the event (they would get its chatter)
        self.assertFalse(self.invited_by_mail & self.event.message_partner_ids)

        mails = self._mails()
        self.assertEqual(
            len(mails), 2, "one e-mail per consenting resident with e-mail, nobody else"
        )
        self.assertEqual(mails.recipient_ids, self.invited_by_mail)
        for mail in mails:
            recipient = mail.recipient_ids
            self.assertEqual(len(recipient), 1)
            self.assertIn(
                "Einladung: Nachbarschaftsfrühstück im Ahornweg 5", mail.subject
            )
            body = mail.body_html
            self.assertIn(f"Guten Tag {recipient.name}", body)
            self.assertIn("Dienstag, 01.12.2026, 09:30 Uhr", body)
            self.assertIn("Nachbarschaftstreff, Ahornweg 5", body)
            self.assertIn("/calendar/meeting/accept?token=", body)
            for name in self.all_names:
                if name != recipient.name:
                    self.assertNotIn(name, body)
            for other in self.invited_by_mail - recipient:
                self.assertNotIn(other.email, body)
            # the .ics names the recipient only
            ics = mail.attachment_ids.filtered(lambda a: a.mimetype == "text/calendar")
            self.assertEqual(len(ics), 1)
            content = base64.b64decode(ics.datas).decode()
            self.assertIn(f"MAILTO:{recipient.email}", content)
            self.assertIn("Nachbarschaftsfrühstück im Ahornweg 5", content)
            for other in self.invited_by_mail - recipient:
                self.assertNotIn(other.email, content)
            self.assertEqual(content.count("ATTENDEE"), 1)

    def test_rerun_invites_nobody_twice(self):
        self._invite()
        attendees, letters, mails = (
            self.event.attendee_ids,
            self.event.kuemmerer_letter_partner_ids,
            self._mails(),
        )
        wizard = self._invite()
        self.assertEqual(self.event.attendee_ids, attendees)
        self.assertEqual(self.event.kuemmerer_letter_partner_ids, letters)
        self.assertEqual(self._mails(), mails)
        self.assertFalse(wizard.email_partner_ids)
        self.assertFalse(wizard.letter_partner_ids)
        self.assertEqual(wizard.already_count, 5)
        # a resident who joins the quarter later is invited on the next run
        newcomer = self.env["res.partner"].create(
            {"name": "Nina Neu", "is_resident": True, "quarter_id": self.quarter_a.id}
        )
        wizard = self._invite()
        self.assertEqual(wizard.letter_partner_ids, newcomer)
        self.assertEqual(self._mails(), mails)

    def test_preview_counts(self):
        wizard = (
            self.env["kuemmerer.event.invite.wizard"]
            .with_user(self.user_kuemmerer)
            .create({"event_id": self.event.id, "quarter_id": self.quarter_a.id})
        )
        self.assertEqual(
            (
                wizard.preview_email_count,
                wizard.preview_letter_count,
                wizard.preview_already_count,
            ),
            (2, 3, 0),
        )

    def test_invite_only_lives_alone_or_overdue(self):
        wizard = self._invite(only_lives_alone=True)
        self.assertEqual(wizard.letter_partner_ids, self.karl)
        self.assertFalse(wizard.email_partner_ids)
        self.emma.contact_interval_days = 30  # never contacted: overdue
        wizard = self._invite(only_contact_overdue=True)
        self.assertEqual(wizard.email_partner_ids, self.emma)
        self.assertFalse(wizard.letter_partner_ids)
        self.assertEqual(len(self._mails()), 1)

    def test_letters_pdf(self):
        wizard = self._invite()
        action = wizard.action_print_letters()
        self.assertEqual(
            action["report_name"], "kuemmerer_addon.report_event_invitation_letter"
        )
        # the web client leaves the ids out of the URL of an action with data
        self.assertEqual(action["data"]["event_id"], self.event.id)
        self.assertEqual(
            set(action["data"]["partner_ids"]), set(self.invited_by_letter.ids)
        )
        self.assertEqual(
            set(action["context"]["active_ids"]), set(self.invited_by_letter.ids)
        )
        text = self._pdf_text(self.invited_by_letter)
        pages = [" ".join(page.split()) for page in text.split("\f") if page.strip()]
        self.assertEqual(len(pages), 3, "one page per resident")
        for partner in self.invited_by_letter:
            page = next(page for page in pages if f"Guten Tag {partner.name}" in page)
            self.assertIn("Einladung: Nachbarschaftsfrühstück im Ahornweg 5", page)
            self.assertIn("Dienstag, 01.12.2026, 09:30 Uhr", page)
            self.assertIn("Nachbarschaftstreff, Ahornweg 5", page)
            self.assertIn("0371 4471000", page)
            for other in self.invited_by_letter - partner:
                self.assertNotIn(other.name, page)
        self.assertIn("Ahornweg 3", " ".join(text.split()))

    def test_invite_quarter_without_residents(self):
        empty = self.env["kuemmerer.quarter"].create(
            {"name": "Quartier Leer", "code": "QL"}
        )
        wizard = (
            self.env["kuemmerer.event.invite.wizard"]
            .with_user(self.user_kuemmerer)
            .create({"event_id": self.event.id, "quarter_id": empty.id})
        )
        attendees = self.event.attendee_ids
        with self.assertRaisesMessage(UserError, "has no residents"):
            wizard.action_invite()
        self.assertEqual(self.event.attendee_ids, attendees)
        self.assertFalse(self.event.kuemmerer_letter_partner_ids)
        self.assertFalse(self._mails())
        # no resident matching the options
        self._file(self.karl).lives_alone = False
        with self.assertRaisesMessage(UserError, "matches the chosen options"):
            self._invite(only_lives_alone=True)

    def test_invite_refused_after_start_or_for_other_events(self):
        with (
            freeze_time("2026-12-01 09:00:00"),
            self.assertRaisesMessage(UserError, "already begun"),
        ):
            self._invite()
        self.assertFalse(self.event.kuemmerer_letter_partner_ids)
        meeting = self.env["calendar.event"].create(
            {
                "name": "Teamsitzung",
                "start": "2026-12-02 08:00:00",
                "stop": "2026-12-02 09:00:00",
            }
        )
        with self.assertRaisesMessage(UserError, "not a neighbourhood event"):
            meeting.action_kuemmerer_invite_residents()

    def test_staff_cannot_invite(self):
        with self.assertRaises(AccessError):
            self._invite(user=self.user_staff)
        # but staff see the neighbourhood events
        events = (
            self.env["calendar.event"]
            .with_user(self.user_staff)
            .search([("is_neighbourhood_event", "=", True)])
        )
        self.assertEqual(events, self.event)

    def test_new_date_mail_names_nobody_else(self):
        self._invite()
        before = self._mails()
        self.event.with_user(self.user_kuemmerer).write(
            {"start": "2026-12-02 08:30:00", "stop": "2026-12-02 10:30:00"}
        )
        mails = self._mails() - before
        self.assertEqual(mails.recipient_ids, self.invited_by_mail)
        for mail in mails:
            self.assertIn("Neuer Termin", mail.subject)
            self.assertIn("Mittwoch, 02.12.2026, 09:30 Uhr", mail.body_html)
            for name in self.all_names:
                if name != mail.recipient_ids.name:
                    self.assertNotIn(name, mail.body_html)

    def test_no_mail_without_consent_even_when_added_by_hand(self):
        # Anna has an e-mail address but no consent: added by hand, she gets nothing
        self.event.with_user(self.user_kuemmerer).write(
            {"partner_ids": [(4, self.resident_a.id)]}
        )
        self.assertIn(self.resident_a, self.event.attendee_ids.partner_id)
        self.assertFalse(self._mails())

    def test_mail_to_all_attendees_refused(self):
        with self.assertRaisesMessage(UserError, "names of the"):
            self.event.action_open_composer()

    # ------------------------------------------------------------
    # attendance
    # ------------------------------------------------------------

    def test_attendance_before_event_refused(self):
        self._invite()
        event = self.event.with_user(self.user_kuemmerer)
        with self.assertRaisesMessage(UserError, "has not taken place yet"):
            event._kuemmerer_record_attendance(self.emma)
        with self.assertRaisesMessage(UserError, "has not taken place yet"):
            event.attendee_ids.filtered(
                lambda a: a.partner_id == self.emma
            ).action_kuemmerer_mark_present()
        with self.assertRaisesMessage(UserError, "has not taken place yet"):
            event.action_kuemmerer_record_attendance()
        self.assertFalse(
            self.env["kuemmerer.contact"].search([("channel", "=", "event")])
        )
        self.assertFalse(self.event.attendee_ids.filtered("kuemmerer_attendance"))

    def test_attendance_logs_contacts(self):
        self._invite()
        mails = self._mails()
        with freeze_time("2026-12-01 11:00:00"):
            event = self.event.with_user(self.user_kuemmerer)
            wizard = (
                self.env["kuemmerer.event.attendance.wizard"]
                .with_user(self.user_kuemmerer)
                .with_context(default_event_id=event.id)
                .create({})
            )
            self.assertEqual(
                wizard.line_ids.partner_id,
                self.invited_by_mail | self.invited_by_letter,
            )
            # Emma (by e-mail) and Paula (by letter) came, Otto did not
            wizard.line_ids.filtered(
                lambda line: line.partner_id in (self.emma | self.paula)
            ).present = True
            wizard.action_confirm()
            attendance = {
                a.partner_id: a.kuemmerer_attendance for a in event.attendee_ids
            }
            self.assertEqual(attendance[self.emma], "present")
            self.assertEqual(attendance[self.paula], "present")
            self.assertEqual(attendance[self.otto], "absent")
            contacts = self.env["kuemmerer.contact"].search([("channel", "=", "event")])
            self.assertEqual(contacts.partner_id, self.emma | self.paula)
            self.assertEqual(contacts.user_id, self.user_kuemmerer)
            self.assertEqual({str(c.date) for c in contacts}, {"2026-12-01 08:30:00"})
            self.assertEqual(self.emma.last_contact_date, date(2026, 12, 1))
            self.assertEqual(self.paula.last_contact_date, date(2026, 12, 1))
            self.assertFalse(self.otto.last_contact_date)
            # Paula became an attendee without an e-mail
            self.assertEqual(self._mails(), mails)
            # recording again does not log a second contact
            event._kuemmerer_record_attendance(self.emma | self.paula, self.otto)
            self.assertEqual(
                self.env["kuemmerer.contact"].search_count([("channel", "=", "event")]),
                2,
            )
            # a mistake corrected: Emma was not there after all
            event.attendee_ids.filtered(
                lambda a: a.partner_id == self.emma
            ).action_kuemmerer_mark_absent()
            self.assertFalse(self.emma.last_contact_date)
            self.assertEqual(
                self.env["kuemmerer.contact"]
                .search([("channel", "=", "event")])
                .partner_id,
                self.paula,
            )

    def test_other_quarter_cannot_record_attendance(self):
        """Attendance writes the contact log: only who may change the event
        records it, also over RPC (the screen hides the buttons)."""
        self._invite()
        with freeze_time("2026-12-01 11:00:00"):
            attendee = self.event.attendee_ids.filtered(
                lambda a: a.partner_id == self.emma
            )
            attendee.with_user(self.user_kuemmerer).action_kuemmerer_mark_present()
            self.assertTrue(self.emma.last_contact_date)
            for action in (
                "action_kuemmerer_mark_absent",
                "action_kuemmerer_mark_present",
            ):
                with self.assertRaisesMessage(AccessError, "record who came"):
                    getattr(attendee.with_user(self.user_kuemmerer_b), action)()
            self.assertEqual(attendee.kuemmerer_attendance, "present")
            self.assertTrue(self.emma.last_contact_date)

    def test_staff_do_not_learn_how_residents_were_invited(self):
        """By e-mail or by letter tells whether a resident consented to
        invitations: staff see the event, not that."""
        self._invite()
        event = self.event.with_user(self.user_staff)
        self.assertEqual(event.name, self.event.name)
        for field in (
            "kuemmerer_letter_partner_ids",
            "kuemmerer_letter_count",
            "kuemmerer_mail_attendee_ids",
            "kuemmerer_mail_count",
            "kuemmerer_yes_count",
        ):
            with self.assertRaises(AccessError, msg=field):
                event.read([field])
        with self.assertRaises(AccessError):
            event.attendee_ids.read(["kuemmerer_invited_by"])
        self.assertEqual(
            self.event.with_user(self.user_kuemmerer).kuemmerer_mail_count,
            len(self.invited_by_mail),
        )

    def test_staff_cannot_record_attendance(self):
        self._invite()
        with freeze_time("2026-12-01 11:00:00"), self.assertRaises(AccessError):
            self.event.with_user(self.user_staff).attendee_ids.filtered(
                lambda a: a.partner_id == self.emma
            ).action_kuemmerer_mark_present()
        self.assertFalse(self.emma.last_contact_date)


@tagged("post_install", "-at_install")
class TestNeighbourhoodInvitationPage(HttpCase):
    """The page behind the links of the invitation names nobody else."""

    def test_invitation_page_lists_nobody_else(self):
        quarter = self.env["kuemmerer.quarter"].create(
            {"name": "Quartier Seite", "code": "QS"}
        )
        emma, otto = self.env["res.partner"].create(
            [
                {
                    "name": name,
                    "email": email,
                    "is_resident": True,
                    "quarter_id": quarter.id,
                }
                for name, email in (
                    ("Emma Einladung", "emma@example.org"),
                    ("Otto Offenbach", "otto@example.org"),
                )
            ]
        )
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=7)
        Event = self.env["calendar.event"].with_context(no_mail_to_attendees=True)
        values = {
            "start": start,
            "stop": start + timedelta(hours=2),
            "partner_ids": [(6, 0, (emma | otto).ids)],
        }
        neighbourhood = Event.create(
            {
                **values,
                "name": "Frühstück",
                "is_neighbourhood_event": True,
                "quarter_id": quarter.id,
            }
        )
        meeting = Event.create({**values, "name": "Gewöhnlicher Termin"})
        for event, shows_others in ((neighbourhood, False), (meeting, True)):
            attendee = event.attendee_ids.filtered(lambda a: a.partner_id == emma)
            response = self.url_open(
                f"/calendar/meeting/view?token={attendee.access_token}&id={event.id}"
            )
            self.assertEqual(response.status_code, 200)
            self.assertIn("Emma Einladung", response.text)
            self.assertEqual("Otto Offenbach" in response.text, shows_others)
