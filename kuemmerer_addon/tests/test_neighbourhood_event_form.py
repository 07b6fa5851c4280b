# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A neighbourhood event in a form of its own: title, date and time, place,
quarter, who is invited and how, who came; none of the business meeting's
fields. The tour creates an event in the browser as the Kümmerer, invites,
and sees who is invited by e-mail and who by letter."""

from datetime import datetime, timedelta

import pytz
from freezegun import freeze_time
from lxml import etree

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import KuemmererCommon
from .german import load_german

BERLIN = pytz.timezone("Europe/Berlin")
# what the business meeting form shows and an event must not
MEETING_FIELDS = {
    "videocall_location",
    "privacy",
    "show_as",
    "recurrency",
    "rrule_type_ui",
    "partner_ids",
    "categ_ids",
    "alarm_ids",
    "current_status",
}


def berlin(utc):
    """A naive UTC datetime as naive Europe/Berlin datetime."""
    return pytz.utc.localize(utc).astimezone(BERLIN).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestNeighbourhoodEventForm(KuemmererCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Event = (
            cls.env["calendar.event"]
            .with_user(cls.user_kuemmerer)
            .with_context(
                default_is_neighbourhood_event=True, no_mail_to_attendees=True
            )
        )
        cls.form_view = cls.env.ref(
            "kuemmerer_addon.calendar_event_view_form_neighbourhood"
        )

    def _defaults(self, **context):
        return self.Event.with_context(**context).default_get(
            ["name", "start", "stop", "duration", "allday", "quarter_id", "user_id"]
        )

    # ------------------------------------------------------------
    # defaults
    # ------------------------------------------------------------

    def test_default_next_weekday_at_half_past_two(self):
        cases = [
            # now (UTC)            -> start (Europe/Berlin)
            (
                "2026-11-24 10:00:00",
                datetime(2026, 11, 25, 14, 30),
            ),  # Tuesday -> Wednesday
            ("2026-11-27 10:00:00", datetime(2026, 11, 30, 14, 30)),  # Friday -> Monday
            # Sunday 23:30 UTC is Monday in Berlin -> Tuesday
            ("2026-11-29 23:30:00", datetime(2026, 12, 1, 14, 30)),
            ("2026-06-30 10:00:00", datetime(2026, 7, 1, 14, 30)),  # summer time
        ]
        for now, expected in cases:
            with self.subTest(now=now), freeze_time(now):
                defaults = self._defaults()
                self.assertEqual(berlin(defaults["start"]), expected)
                self.assertEqual(
                    defaults["stop"] - defaults["start"], timedelta(hours=2)
                )
                self.assertEqual(defaults["duration"], 2.0)
                self.assertFalse(defaults["allday"])

    def test_default_quarter_is_the_users_only_quarter(self):
        self.assertEqual(self._defaults()["quarter_id"], self.quarter_a.id)
        # responsible for two quarters: no guess
        self.quarter_b.user_ids = [Command.link(self.user_kuemmerer.id)]
        self.assertFalse(self._defaults().get("quarter_id"))
        # responsible for none (a coordinator)
        defaults = (
            self.env["calendar.event"]
            .with_user(self.user_manager)
            .with_context(default_is_neighbourhood_event=True)
            .default_get(["quarter_id"])
        )
        self.assertFalse(defaults.get("quarter_id"))
        # given by the caller: kept
        self.assertEqual(
            self._defaults(default_quarter_id=self.quarter_b.id)["quarter_id"],
            self.quarter_b.id,
        )

    def test_day_picked_in_the_month_view(self):
        """A click on a day of the month view asks for an all-day event on
        that day; a neighbourhood event starts at 14:30 instead. A slot of
        the week view is kept as it is."""
        with freeze_time("2026-11-24 10:00:00"):
            defaults = self._defaults(
                default_start="2026-12-03",
                default_stop="2026-12-03",
                default_allday=True,
            )
            self.assertEqual(berlin(defaults["start"]), datetime(2026, 12, 3, 14, 30))
            self.assertEqual(defaults["stop"] - defaults["start"], timedelta(hours=2))
            self.assertFalse(defaults["allday"])
            defaults = self._defaults(
                default_start="2026-12-03 09:00:00",
                default_stop="2026-12-03 10:00:00",
                default_allday=False,
            )
            self.assertEqual(
                fields.Datetime.to_string(defaults["start"]), "2026-12-03 09:00:00"
            )
            self.assertFalse(defaults["allday"])

    def test_meetings_keep_odoos_defaults(self):
        with freeze_time("2026-11-24 10:07:00"):
            defaults = (
                self.env["calendar.event"]
                .with_user(self.user_kuemmerer)
                .default_get(["start", "quarter_id"])
            )
        self.assertEqual(
            fields.Datetime.to_string(defaults["start"]), "2026-11-24 10:30:00"
        )
        self.assertFalse(defaults.get("quarter_id"))

    def test_created_from_the_form(self):
        """What the form sends on save makes a neighbourhood event of the
        user's quarter, public, with the organizer as attendee."""
        with freeze_time("2026-11-24 10:00:00"):
            defaults = self._defaults()
            event = self.Event.create(
                {
                    **{
                        k: v
                        for k, v in defaults.items()
                        if k in ("start", "stop", "quarter_id")
                    },
                    "name": "Nachbarschaftscafé im Treff",
                    "location": "Treff, Lindenstraße 1",
                }
            )
        self.assertTrue(event.is_neighbourhood_event)
        self.assertEqual(event.quarter_id, self.quarter_a)
        self.assertEqual(event.user_id, self.user_kuemmerer)
        self.assertEqual(event.attendee_ids.partner_id, self.user_kuemmerer.partner_id)
        self.assertEqual(
            event._kuemmerer_when_text(), "Mittwoch, 25.11.2026, 14:30 Uhr"
        )

    def test_who_may_change_the_event(self):
        """Odoo lets the organizer and the attendees change a meeting; a
        neighbourhood event also the quarter's Kümmerer and the coordinators."""
        start = fields.Datetime.now() + timedelta(days=3)
        event = (
            self.env["calendar.event"]
            .with_user(self.user_kuemmerer_b)
            .with_context(no_mail_to_attendees=True)
            .create(
                {
                    "name": "Hoffest",
                    "is_neighbourhood_event": True,
                    "quarter_id": self.quarter_a.id,
                    "start": start,
                    "stop": start + timedelta(hours=2),
                }
            )
        )
        can_edit = {
            user.login: event.with_user(user).user_can_edit
            for user in (
                self.user_kuemmerer_b,  # organizer
                self.user_kuemmerer,  # quarter A
                self.user_manager,
                self.user_staff,
                self.user_internal,
            )
        }
        self.assertEqual(
            can_edit,
            {
                "k_user_b": True,
                "k_user": True,
                "k_manager": True,
                "k_staff": False,
                "k_internal": False,
            },
        )
        event.with_user(self.user_kuemmerer).location = "Innenhof"
        event.quarter_id = self.quarter_b
        self.assertFalse(event.with_user(self.user_kuemmerer).user_can_edit)

    # ------------------------------------------------------------
    # views
    # ------------------------------------------------------------

    def test_form_has_no_meeting_fields(self):
        arch = self.Event.get_view(self.form_view.id, "form")["arch"]
        tree = etree.fromstring(arch)
        shown = {
            node.get("name")
            for node in tree.iter("field")
            if node.get("invisible") not in ("1", "True")
            and not any(parent.tag == "list" for parent in node.iterancestors())
        }
        self.assertFalse(shown & MEETING_FIELDS, "meeting fields in the event form")
        for name in (
            "name",
            "start",
            "duration",
            "location",
            "quarter_id",
            "description",
            "kuemmerer_mail_attendee_ids",
            "kuemmerer_letter_partner_ids",
            "kuemmerer_mail_count",
            "kuemmerer_letter_count",
        ):
            self.assertIn(name, shown)
        buttons = {node.get("name") for node in tree.iter("button")}
        self.assertLessEqual(
            {
                "action_kuemmerer_invite_residents",
                "action_kuemmerer_print_letters",
                "action_kuemmerer_record_attendance",
            },
            buttons,
        )
        self.assertFalse(
            {
                "action_open_composer",
                "action_join_video_call",
                "action_send_sms",
                "set_discuss_videocall_location",
            }
            & buttons
        )
        self.assertEqual(
            tree.xpath("//field[@name='name']")[0].get("placeholder"),
            "e.g. Neighbourhood café at the meeting place",
        )

    def test_action_and_calendar(self):
        action = self.env.ref("kuemmerer_addon.calendar_event_action_neighbourhood")
        views = {view.view_mode: view.view_id for view in action.view_ids}
        self.assertEqual(views["form"], self.form_view)
        arch = etree.fromstring(
            self.Event.get_view(views["calendar"].id, "calendar")["arch"]
        )
        self.assertEqual(
            arch.get("js_class"), "kuemmerer_event_calendar"
        )  # "New" opens the form
        self.assertEqual(arch.get("quick_create"), "0")  # no bare meeting from a click

    def test_events_open_in_their_own_form(self):
        start = fields.Datetime.now() + timedelta(days=3)
        values = {"start": start, "stop": start + timedelta(hours=2)}
        event = self.Event.create(
            {**values, "name": "Hoffest", "quarter_id": self.quarter_a.id}
        )
        meeting = (
            self.env["calendar.event"]
            .with_user(self.user_kuemmerer)
            .create({**values, "name": "Teamsitzung"})
        )
        self.assertEqual(event.get_formview_id(), self.form_view.id)
        self.assertEqual(
            event.with_user(self.user_staff).get_formview_id(), self.form_view.id
        )
        # meetings: Odoo's default form
        self.assertFalse(meeting.get_formview_id())
        self.assertFalse((event | meeting).get_formview_id())
        # a colleague outside the app keeps Odoo's form (the event's own form
        # shows the app's fields)
        self.assertFalse(event.with_user(self.user_internal).get_formview_id())
        # from Odoo's meeting form (Calendar app) to the event's own form
        action = event.action_kuemmerer_open_event()
        self.assertEqual(action["res_id"], event.id)
        self.assertEqual(action["views"], [(self.form_view.id, "form")])
        # and from a link: "New" there makes another neighbourhood event
        for action in (
            event.action_kuemmerer_open_event(),
            event.get_formview_action(),
        ):
            self.assertEqual(action["views"], [(self.form_view.id, "form")])
            self.assertTrue(action["context"]["default_is_neighbourhood_event"])
        self.assertNotIn(
            "default_is_neighbourhood_event",
            meeting.get_formview_action().get("context", {}),
        )

    # ------------------------------------------------------------
    # who is invited and how
    # ------------------------------------------------------------

    def test_invited_and_came(self):
        Partner = self.env["res.partner"]
        resident = {"is_resident": True, "quarter_id": self.quarter_a.id}
        emma = Partner.create(
            {**resident, "name": "Emma Einladung", "email": "emma@example.org"}
        )
        otto = Partner.create(
            {**resident, "name": "Otto Offenbach", "email": "otto@example.org"}
        )
        paula = Partner.create({**resident, "name": "Paula Papier"})
        willi = Partner.create({**resident, "name": "Willi Wenzel"})
        self.env["kuemmerer.consent"].create(
            [{"partner_id": p.id, "purpose": "event_invitations"} for p in (emma, otto)]
        )
        # Anna Althaus (resident_a): e-mail without consent -> letter
        with freeze_time("2026-11-24 10:00:00"):
            event = self.Event.create(
                {
                    "name": "Frühstück",
                    "quarter_id": self.quarter_a.id,
                    "start": "2026-12-01 08:30:00",
                    "stop": "2026-12-01 10:30:00",
                }
            )
            self.assertFalse(event.kuemmerer_has_begun)
            self.assertEqual(
                (
                    event.kuemmerer_mail_count,
                    event.kuemmerer_letter_count,
                    event.kuemmerer_yes_count,
                ),
                (0, 0, 0),
            )
            self.env["kuemmerer.event.invite.wizard"].with_user(
                self.user_kuemmerer
            ).create(
                {"event_id": event.id, "quarter_id": self.quarter_a.id}
            ).action_invite()
            event.invalidate_recordset()
            self.assertEqual(event.kuemmerer_mail_attendee_ids.partner_id, emma | otto)
            self.assertEqual(
                event.kuemmerer_letter_partner_ids, self.resident_a | paula | willi
            )
            self.assertEqual(
                (event.kuemmerer_mail_count, event.kuemmerer_letter_count), (2, 3)
            )
            # Emma replies yes by the link in her e-mail
            event.attendee_ids.filtered(
                lambda a: a.partner_id == emma
            ).sudo().do_accept()
            event.invalidate_recordset()
            self.assertEqual(event.kuemmerer_yes_count, 1)
            replies = {
                a.partner_id: a.kuemmerer_reply
                for a in event.kuemmerer_mail_attendee_ids
            }
            self.assertEqual(replies, {emma: "yes", otto: "open"})
        with freeze_time("2026-12-01 11:00:00"):
            event.invalidate_recordset()
            self.assertTrue(event.kuemmerer_has_begun)
            # Nora came along without an invitation
            newcomer = Partner.create({**resident, "name": "Nora Neu"})
            event._kuemmerer_record_attendance(emma | paula | newcomer, otto)
            event.invalidate_recordset()
            came = {
                a.partner_id: a.kuemmerer_invited_by
                for a in event.kuemmerer_present_attendee_ids
            }
            self.assertEqual(came, {emma: "email", paula: "letter", newcomer: "none"})
            self.assertEqual(event.kuemmerer_present_count, 3)
            # the e-mail list stays the list of e-mail invitations
            self.assertEqual(event.kuemmerer_mail_attendee_ids.partner_id, emma | otto)
            self.assertEqual(event.kuemmerer_mail_count, 2)
            # the organizer is no resident: invited by nobody
            organizer = event.attendee_ids.filtered(
                lambda a: a.partner_id == self.user_kuemmerer.partner_id
            )
            self.assertFalse(organizer.kuemmerer_invited_by)

    def test_list_reads_without_a_query_per_event(self):
        """The counts of the list and the calendar (e-mail, letter, yes, came)
        cost the same for 3 events as for 12."""
        Partner = self.env["res.partner"]
        resident = {"is_resident": True, "quarter_id": self.quarter_a.id}
        residents = Partner.create(
            [
                {
                    **resident,
                    "name": f"Gast {n}",
                    "email": f"gast{n}@example.org",
                }
                for n in range(4)
            ]
        )
        self.env["kuemmerer.consent"].create(
            [
                {"partner_id": p.id, "purpose": "event_invitations"}
                for p in residents[:2]
            ]
        )
        start = fields.Datetime.now() + timedelta(days=3)
        self.Event.create(
            [
                {
                    "name": f"Treffen {n}",
                    "quarter_id": self.quarter_a.id,
                    "start": start,
                    "stop": start + timedelta(hours=2),
                    "partner_ids": [Command.set(residents[:3].ids)],
                    "kuemmerer_letter_partner_ids": [Command.set(residents[3:].ids)],
                }
                for n in range(12)
            ]
        )
        list_view = self.env.ref(
            "kuemmerer_addon.calendar_event_view_list_neighbourhood"
        )
        spec = {
            name: {}
            for name in etree.fromstring(
                self.Event.get_view(list_view.id, "list")["arch"]
            ).xpath("//field/@name")
        }
        spec["user_id"] = {"fields": {"display_name": {}}}
        spec["quarter_id"] = {"fields": {"display_name": {}}}
        domain = [("is_neighbourhood_event", "=", True)]
        counts = []
        for limit in (3, 3, 12):  # the first run fills the caches of access rules
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = self.Event.web_search_read(domain, spec, limit=limit)
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(len(result["records"]), limit)
            self.assertEqual(
                {
                    (r["kuemmerer_mail_count"], r["kuemmerer_letter_count"])
                    for r in result["records"]
                },
                {(2, 1)},
            )
        self.assertEqual(counts[1], counts[2], "queries for 3 and for 12 events")


@tagged("post_install", "-at_install")
class TestNeighbourhoodEventTour(HttpCase):
    """The Kümmerer creates an event from the calendar ("Neu"), invites the
    quarter and sees who is invited by e-mail and who by letter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_german(cls.env)
        cls.user = new_test_user(
            cls.env,
            login="tour_event",
            name="Tina Treff",
            groups="base.group_user,kuemmerer_addon.group_kuemmerer_user",
            email="tina@example.org",
            lang="de_DE",
            tz="Europe/Berlin",
        )
        if "tour_enabled" in cls.user._fields:
            cls.user.tour_enabled = False
        cls.quarter = cls.env["kuemmerer.quarter"].create(
            {
                "name": "Tourquartier",
                "code": "TQ",
                "user_ids": [Command.link(cls.user.id)],
            }
        )
        resident = {"is_resident": True, "quarter_id": cls.quarter.id}
        Partner = cls.env["res.partner"]
        cls.emma = Partner.create(
            {**resident, "name": "Emma Einladung", "email": "emma@example.org"}
        )
        cls.karl = Partner.create(
            {**resident, "name": "Karl Kein", "email": "karl@example.org"}
        )
        cls.paula = Partner.create(
            {**resident, "name": "Paula Papier", "street": "Ahornweg 3"}
        )
        cls.env["kuemmerer.consent"].create(
            {"partner_id": cls.emma.id, "purpose": "event_invitations"}
        )

    def test_neighbourhood_event_tour(self):
        self.start_tour(
            "/odoo/action-kuemmerer_addon.calendar_event_action_neighbourhood",
            "kuemmerer_neighbourhood_event_tour",
            login="tour_event",
        )
        event = self.env["calendar.event"].search(
            [("name", "=", "Nachbarschaftscafé im Treff")]
        )
        self.assertEqual(len(event), 1)
        self.assertTrue(event.is_neighbourhood_event)
        self.assertEqual(event.quarter_id, self.quarter)
        self.assertEqual(event.location, "Treff, Lindenstraße 1")
        self.assertEqual(event.privacy, "public")
        start = berlin(event.start)
        self.assertEqual((start.hour, start.minute), (14, 30))
        self.assertLess(start.weekday(), 5)
        self.assertGreater(start.date(), berlin(fields.Datetime.now()).date())
        self.assertEqual(event.stop - event.start, timedelta(hours=2))
        self.assertEqual(
            event.attendee_ids.partner_id, self.user.partner_id | self.emma
        )
        self.assertEqual(event.kuemmerer_letter_partner_ids, self.karl | self.paula)
        mails = self.env["mail.mail"].search(
            [("model", "=", "calendar.event"), ("res_id", "=", event.id)]
        )
        self.assertEqual(mails.recipient_ids, self.emma)
        for name in ("Karl Kein", "Paula Papier"):
            self.assertNotIn(name, mails.body_html)
