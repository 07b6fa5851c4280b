# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

import pytz
from babel.dates import format_date, format_datetime

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..const import CASEWORK, DEFAULT_TZ, MANAGER, STAFF

try:
    import vobject
except ImportError:  # pragma: no cover - vobject is a dependency of calendar
    vobject = None

EVENT_FORM = "kuemmerer_addon.calendar_event_view_form_neighbourhood"
# as in the action of neighbourhood events: what "New" makes
NEIGHBOURHOOD_CONTEXT = {
    "default_is_neighbourhood_event": True,
    "default_privacy": "public",
}
# a new neighbourhood event: the next weekday at 14:30 (Europe/Berlin), two hours
DEFAULT_HOUR, DEFAULT_MINUTE, DEFAULT_DURATION = 14, 30, 2.0


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    # neighbourhood
    is_neighbourhood_event = fields.Boolean(
        string="Neighbourhood Event",
        index=True,
        help="A meeting of the quarter's residents. Invitations name no other "
        "attendee.",
    )
    quarter_id = fields.Many2one(
        "kuemmerer.quarter",
        string="Quarter",
        index="btree_not_null",
        ondelete="restrict",
    )
    # the Kümmerer's office hours (Sprechstunde): a recurring event, printed
    # on the stairwell notices of its quarter
    is_office_hours = fields.Boolean(
        string="Office Hours",
        index="btree_not_null",
        help="The Kümmerer's office hours in the quarter, usually a recurring event; "
        "printed on the stairwell notices.",
    )
    # exchange meetings of the quarter's volunteers (Austauschtreffen)
    is_exchange_meeting = fields.Boolean(
        string="Exchange Meeting",
        index="btree_not_null",
        help="Volunteers of the quarter meet to talk about their work and get to "
        "know each other; the active volunteers are invited by e-mail.",
    )
    # invitations by letter (residents without e-mail or without consent);
    # how a resident was invited tells whether they consented: casework
    # (staff get the attendance only, see _compute_kuemmerer_counts)
    kuemmerer_letter_partner_ids = fields.Many2many(
        "res.partner",
        "calendar_event_kuemmerer_letter_rel",
        "event_id",
        "partner_id",
        string="Invited by Letter",
        readonly=True,
        copy=False,
        groups=CASEWORK,
    )
    kuemmerer_letter_count = fields.Integer(
        string="Letters",
        compute="_compute_kuemmerer_counts",
        groups=CASEWORK,
    )
    kuemmerer_present_count = fields.Integer(
        string="Present",
        compute="_compute_kuemmerer_counts",
        groups=STAFF,
    )
    # who is invited and how, for the event's own form (not stored)
    kuemmerer_mail_attendee_ids = fields.Many2many(
        "calendar.attendee",
        string="Invited by E-mail",
        compute="_compute_kuemmerer_counts",
        groups=CASEWORK,
    )
    kuemmerer_present_attendee_ids = fields.Many2many(
        "calendar.attendee",
        string="Came",
        compute="_compute_kuemmerer_counts",
        groups=STAFF,
    )
    kuemmerer_mail_count = fields.Integer(
        string="Invitations by E-mail",
        compute="_compute_kuemmerer_counts",
        groups=CASEWORK,
    )
    kuemmerer_yes_count = fields.Integer(
        string="Replied Yes",
        compute="_compute_kuemmerer_counts",
        groups=CASEWORK,
    )
    kuemmerer_has_begun = fields.Boolean(
        string="Has Begun", compute="_compute_kuemmerer_has_begun"
    )

    @api.depends(
        "kuemmerer_letter_partner_ids",
        "attendee_ids.partner_id",
        "attendee_ids.state",
        "attendee_ids.kuemmerer_attendance",
    )
    def _compute_kuemmerer_counts(self):
        # how residents were invited is casework: staff get the attendance only
        casework = self.env.su or self.env.user.has_group(CASEWORK)
        # one look-up of the consents for all events
        invited_by = (
            {attendee: attendee.kuemmerer_invited_by for attendee in self.attendee_ids}
            if casework
            else {}
        )
        for event in self:
            present = event.attendee_ids.filtered(
                lambda a: a.kuemmerer_attendance == "present"
            )
            event.kuemmerer_present_count = len(present)
            event.kuemmerer_present_attendee_ids = present
            by_mail = event.attendee_ids.filtered(
                lambda a: invited_by.get(a) == "email"
            )
            event.kuemmerer_mail_attendee_ids = by_mail
            event.kuemmerer_mail_count = len(by_mail)
            event.kuemmerer_yes_count = len(
                by_mail.filtered(lambda a: a.state == "accepted")
            )
            event.kuemmerer_letter_count = (
                len(event.kuemmerer_letter_partner_ids) if casework else 0
            )

    @api.depends("quarter_id.user_ids")
    def _compute_user_can_edit(self):
        # a neighbourhood event is the quarter's: its Kümmerer (a colleague
        # standing in) and the coordinators change it too, not only the organizer
        super()._compute_user_can_edit()
        user = self.env.user
        if not user.has_group(CASEWORK):
            return
        manager = user.has_group(MANAGER)
        for event in self.filtered(
            lambda e: (e.is_neighbourhood_event or e.is_exchange_meeting)
            and not e.user_can_edit
        ):
            event.user_can_edit = manager or user in event.quarter_id.user_ids

    @api.depends("start")
    def _compute_kuemmerer_has_begun(self):
        now = fields.Datetime.now()
        for event in self:
            event.kuemmerer_has_begun = bool(event.start) and event.start <= now

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        context = self.env.context
        if context.get("default_is_neighbourhood_event") or context.get(
            "default_is_exchange_meeting"
        ):
            defaults.update(
                self._kuemmerer_neighbourhood_defaults(defaults, fields_list)
            )
        return defaults

    @api.model
    def _kuemmerer_neighbourhood_defaults(self, defaults, fields_list):
        """A new neighbourhood event: the next weekday at 14:30 for two hours,
        or 14:30 on the day picked in the month view (which would make it an
        all-day event), in the quarter the user is responsible for (if only
        one)."""
        values = {}
        context = self.env.context
        if "start" in fields_list:
            picked = context.get("default_start")
            day = None
            if not picked:
                day = self._kuemmerer_next_weekday()
            elif context.get("default_allday") and len(str(picked)) == 10:
                day = fields.Date.to_date(picked)
            if day:
                start = self._kuemmerer_utc(day, DEFAULT_HOUR, DEFAULT_MINUTE)
                values.update(
                    start=start,
                    stop=start + timedelta(hours=DEFAULT_DURATION),
                    duration=DEFAULT_DURATION,
                    allday=False,
                )
        if "quarter_id" in fields_list and not defaults.get("quarter_id"):
            quarters = self.env["kuemmerer.quarter"].search(
                [("user_ids", "in", self.env.uid)], limit=2
            )
            if len(quarters) == 1:
                values["quarter_id"] = quarters.id
        return values

    @api.model
    def _kuemmerer_next_weekday(self):
        """The next day from Monday to Friday after today (Europe/Berlin)."""
        today = pytz.utc.localize(fields.Datetime.now()).astimezone(
            pytz.timezone(DEFAULT_TZ)
        )
        day = today.date() + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    @api.model
    def _kuemmerer_utc(self, day, hour, minute):
        """``day`` at ``hour:minute`` Europe/Berlin, as naive UTC datetime."""
        local = pytz.timezone(DEFAULT_TZ).localize(
            datetime(day.year, day.month, day.day, hour, minute)
        )
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def get_formview_id(self, access_uid=None):
        """Neighbourhood events open in their own form (title, date and time,
        place, quarter, who is invited and how), not as a business meeting."""
        user = self.env["res.users"].browse(access_uid) if access_uid else self.env.user
        if (
            self
            and all(self.mapped("is_neighbourhood_event"))
            and user.has_group(STAFF)
        ):
            return self.env.ref(EVENT_FORM).id
        return super().get_formview_id(access_uid=access_uid)

    def get_formview_action(self, access_uid=None):
        action = super().get_formview_action(access_uid=access_uid)
        if action.get("views") and action["views"][0][0] == self.env.ref(EVENT_FORM).id:
            # "New" in that form makes another neighbourhood event
            action["context"] = {**action.get("context", {}), **NEIGHBOURHOOD_CONTEXT}
        return action

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_kuemmerer_open_event(self):
        """From Odoo's meeting form: the neighbourhood event in its own form."""
        self.ensure_one()
        self._kuemmerer_check_neighbourhood()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref(EVENT_FORM).id, "form")],
            "target": "current",
            "context": NEIGHBOURHOOD_CONTEXT,
        }

    def action_kuemmerer_invite_residents(self):
        self.ensure_one()
        self._kuemmerer_check_neighbourhood()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invite Residents"),
            "res_model": "kuemmerer.event.invite.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_event_id": self.id,
                "default_quarter_id": self.quarter_id.id,
            },
        }

    def action_kuemmerer_record_attendance(self):
        self.ensure_one()
        self._kuemmerer_check_neighbourhood()
        self._kuemmerer_check_started()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Attendance"),
            "res_model": "kuemmerer.event.attendance.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_event_id": self.id},
        }

    def action_kuemmerer_print_letters(self):
        self.ensure_one()
        if not self.kuemmerer_letter_partner_ids:
            raise UserError(
                self.env._(
                    "Nobody has been invited by letter to %(event)s yet. "
                    "Use 'Invite Residents' first.",
                    event=self.name,
                )
            )
        return self._kuemmerer_letter_report_action(self.kuemmerer_letter_partner_ids)

    def action_open_composer(self):
        # Odoo's e-mail to all attendees lists every attendee: a neighbourhood
        # event must never show the residents each other's names and addresses.
        if any(event.is_neighbourhood_event for event in self):
            raise UserError(
                self.env._(
                    "An e-mail to all attendees would show every resident the names "
                    "of the "
                    "others. Please change the event itself (date, place, "
                    "description): "
                    "the residents are then told individually."
                )
            )
        return super().action_open_composer()

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kuemmerer_check_neighbourhood(self):
        not_neighbourhood = self.filtered(
            lambda event: not event.is_neighbourhood_event
        )
        if not_neighbourhood:
            raise UserError(
                self.env._(
                    "%(event)s is not a neighbourhood event. Tick 'Neighbourhood "
                    "Event' first.",
                    event=not_neighbourhood[0].name,
                )
            )

    def action_kuemmerer_invite_volunteers(self):
        """Exchange meeting: invite the quarter's active volunteers."""
        return self.env["kuemmerer.volunteer"]._invite_to_exchange_meeting(self)

    def _kuemmerer_check_can_edit(self):
        """Attendance is recorded by who may change the event: its organizer,
        the quarter's Kümmerer and the coordinators."""
        refused = self.filtered(lambda event: not event.user_can_edit)
        if refused:
            raise AccessError(
                self.env._(
                    "Only the organizer, the Kümmerer of the quarter and the "
                    "coordinators "
                    "record who came to %(event)s.",
                    event=refused[0].name,
                )
            )

    def _kuemmerer_check_started(self):
        now = fields.Datetime.now()
        not_started = self.filtered(lambda event: event.start > now)
        if not_started:
            event = not_started[0]
            raise UserError(
                self.env._(
                    "%(event)s has not taken place yet (%(when)s). Attendance can "
                    "only be "
                    "recorded once the event has begun.",
                    event=event.name,
                    when=event._kuemmerer_when_text(),
                )
            )

    def _kuemmerer_record_attendance(self, present_partners, absent_partners=None):
        """Record who came to this neighbourhood event. Residents who are not
        attendees yet (invited by letter, or who just came along) become
        attendees without any e-mail. Each present resident gets one contact
        log entry (channel ``event``); marking someone absent again removes it.
        Returns the attendees marked present."""
        self.ensure_one()
        self._kuemmerer_check_neighbourhood()
        self._kuemmerer_check_started()
        absent_partners = (
            absent_partners or self.env["res.partner"]
        ) - present_partners
        missing = present_partners - self.attendee_ids.partner_id
        if missing:
            self.with_context(no_mail_to_attendees=True).write(
                {"partner_ids": [Command.link(partner.id) for partner in missing]}
            )
            self.attendee_ids.filtered(lambda a: a.partner_id in missing).write(
                {"state": "accepted"}
            )
        attendees = self.attendee_ids
        present = attendees.filtered(lambda a: a.partner_id in present_partners)
        present._kuemmerer_set_attendance("present")
        attendees.filtered(
            lambda a: a.partner_id in absent_partners
        )._kuemmerer_set_attendance("absent")
        return present

    def _kuemmerer_letter_report_action(self, partners):
        self.ensure_one()
        # with data, the web client puts no record ids into the report's URL:
        # the recipients travel in the data
        return self.env.ref(
            "kuemmerer_addon.action_report_event_invitation_letter"
        ).report_action(
            partners, data={"event_id": self.id, "partner_ids": partners.ids}
        )

    def _kuemmerer_local_start(self):
        """The start in Europe/Berlin, as naive datetime."""
        self.ensure_one()
        return (
            pytz.utc.localize(self.start)
            .astimezone(pytz.timezone(DEFAULT_TZ))
            .replace(tzinfo=None)
        )

    def _kuemmerer_when_text(self):
        """German date and time for letters and e-mails to residents, whatever
        the sender's language: 'Dienstag, 24.11.2026, 14:30 Uhr' (Europe/Berlin)."""
        self.ensure_one()
        if self.allday:
            return format_date(self.start_date, "EEEE, dd.MM.yyyy", locale="de_DE")
        return format_datetime(
            self._kuemmerer_local_start(),
            "EEEE, dd.MM.yyyy, HH:mm 'Uhr'",
            locale="de_DE",
        )

    # ------------------------------------------------------------
    # MAILING
    # ------------------------------------------------------------

    def _get_ics_file(self):
        """The .ics of a neighbourhood event or an exchange meeting names no
        attendee except the recipient (``kuemmerer_ics_attendee_id`` in the
        context): no e-mail address of another resident or volunteer."""
        result = super()._get_ics_file()
        if not vobject:
            return result
        recipient = self.env["calendar.attendee"].browse(
            self.env.context.get("kuemmerer_ics_attendee_id")
        )
        for event in self.filtered(
            lambda e: e.is_neighbourhood_event or e.is_exchange_meeting
        ):
            if event.id not in result:
                continue
            calendar = vobject.readOne(result[event.id].decode())
            vevent = calendar.vevent
            self._kuemmerer_fix_alarms(vevent)
            vevent.contents.pop("attendee", None)
            if recipient and recipient.event_id == event and recipient.email:
                vevent.add("attendee").value = "MAILTO:" + recipient.email
            result[event.id] = calendar.serialize().encode()
        # records with an event of their own (shifts) shape its .ics
        Linked = self.pool["kuemmerer.calendar.linked"]
        for event in self.sudo().filtered(lambda e: e.id in result and e.res_id):
            Owner = self.env.get(event.res_model)
            if Owner is None or not isinstance(Owner, Linked):
                continue
            owner = Owner.sudo().browse(event.res_id).exists()
            if owner:
                result[event.id] = owner._kuemmerer_event_ics(event, result[event.id])
        return result

    @api.model
    def _kuemmerer_fix_alarms(self, vevent):
        """Odoo writes the reminder "1 day before" as ``TRIGGER;RELATED=START:P1D``,
        which calendar apps read as one day *after* the start (RFC 5545,
        3.8.6.3: a trigger before the start is negative). Our alarms always
        remind before the start. A reminder is shown, not played as a sound
        (``ACTION:DISPLAY`` with the alarm's name as text)."""
        for valarm in vevent.contents.get("valarm", []):
            trigger = valarm.contents.get("trigger", [None])[0]
            if (
                trigger is not None
                and isinstance(trigger.value, timedelta)
                and trigger.value > timedelta(0)
            ):
                trigger.value = -trigger.value
            valarm.contents.pop("action", None)
            valarm.add("action").value = "DISPLAY"
            if "description" not in valarm.contents:
                valarm.add("description").value = (
                    vevent.summary.value if "summary" in vevent.contents else "Odoo"
                )
