# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

import pytz
from psycopg2.errors import SerializationFailure

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, html2plaintext, is_html_empty

SHIFT_STATES = [
    ("draft", "Draft"),
    ("published", "Published"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
RECURRENCES = [
    ("none", "Does not repeat"),
    ("weekly", "Every week"),
    ("biweekly", "Every two weeks"),
]
RECURRENCE_DAYS = {"weekly": 7, "biweekly": 14}
# a series is planned for at most two years ahead
MAX_SERIES_DAYS = 731
CANCEL_HOURS_PARAM = "kuemmerer_addon.shift_cancel_hours"
DEFAULT_CANCEL_HOURS = 24
DEFAULT_TZ = "Europe/Berlin"


class KuemmererShift(models.Model):
    _name = "kuemmerer.shift"
    _inherit = ["mail.thread"]
    _description = "Shift"
    _order = "date_begin, id"

    # what
    name = fields.Char(required=True, tracking=True)
    description = fields.Html(
        string="Information for Volunteers",
        help="Shown to the volunteers on the portal: what to bring, where to meet, whom to ask. "
        "No personal data of residents here.",
    )
    skill_ids = fields.Many2many(
        "kuemmerer.skill", "kuemmerer_shift_skill_rel", "shift_id", "skill_id", string="Skills"
    )
    color = fields.Integer()
    # when and where
    date_begin = fields.Datetime(string="Start", required=True, index=True, tracking=True)
    date_end = fields.Datetime(string="End", required=True, tracking=True)
    duration = fields.Float(string="Duration (hours)", compute="_compute_duration")
    has_begun = fields.Boolean(compute="_compute_has_begun")
    location = fields.Char(tracking=True)
    quarter_id = fields.Many2one(
        "kuemmerer.quarter",
        string="Quarter",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    # organisation
    user_id = fields.Many2one(
        "res.users",
        string="Coordinator",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("kuemmerer_addon.group_kuemmerer_user").id)
        ],
        help="Plans the shift and is the volunteers' contact person.",
    )
    state = fields.Selection(
        SHIFT_STATES,
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    calendar_event_id = fields.Many2one(
        "calendar.event",
        string="Calendar Event",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    # seats
    seats_max = fields.Integer(
        string="Seats",
        default=0,
        tracking=True,
        help="How many volunteers are needed. 0 = no limit.",
    )
    seats_taken = fields.Integer(
        readonly=True,
        copy=False,
        default=0,
        help="Active registrations. Maintained by the registrations themselves, also "
        "when many volunteers sign up at the same moment.",
    )
    seats_available = fields.Integer(
        compute="_compute_seats_available", store=True, help="Free seats; 0 when there is no limit."
    )
    registration_ids = fields.One2many(
        "kuemmerer.shift.registration", "shift_id", string="Registrations"
    )
    cancel_deadline_hours = fields.Integer(
        string="Cancellation Deadline (hours)",
        default=lambda self: self._default_cancel_deadline_hours(),
        help="Volunteers can cancel their registration on the portal until so many hours "
        "before the start. Later they have to call the coordinator.",
    )
    # series
    recurrence = fields.Selection(
        RECURRENCES, string="Repeat", required=True, default="none", copy=False
    )
    recurrence_until = fields.Date(string="Repeat Until", copy=False)
    series_id = fields.Many2one(
        "kuemmerer.shift",
        string="First Shift of the Series",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    series_shift_ids = fields.One2many(
        "kuemmerer.shift", "series_id", string="Following Shifts", readonly=True
    )
    series_count = fields.Integer(compute="_compute_series_count")

    @api.model
    def _default_cancel_deadline_hours(self):
        value = self.env["ir.config_parameter"].sudo().get_param(CANCEL_HOURS_PARAM)
        try:
            return max(int(value), 0)
        except (TypeError, ValueError):
            return DEFAULT_CANCEL_HOURS

    @api.depends("date_begin", "date_end")
    def _compute_duration(self):
        for shift in self:
            if shift.date_begin and shift.date_end and shift.date_end > shift.date_begin:
                shift.duration = (shift.date_end - shift.date_begin).total_seconds() / 3600
            else:
                shift.duration = 0.0

    @api.depends("date_begin")
    def _compute_has_begun(self):
        now = fields.Datetime.now()
        for shift in self:
            shift.has_begun = bool(shift.date_begin) and shift.date_begin <= now

    @api.depends("seats_max", "seats_taken")
    def _compute_seats_available(self):
        for shift in self:
            shift.seats_available = (
                max(shift.seats_max - shift.seats_taken, 0) if shift.seats_max else 0
            )

    def _compute_series_count(self):
        groups = self._read_group([("series_id", "in", self.ids)], ["series_id"], ["__count"])
        counts = {series.id: count for series, count in groups}
        for shift in self:
            shift.series_count = counts.get(shift.id, 0)

    @api.constrains("date_begin", "date_end")
    def _check_dates(self):
        for shift in self:
            if shift.date_end <= shift.date_begin:
                raise ValidationError(
                    self.env._("The shift '%(name)s' must end after it starts.", name=shift.name)
                )

    @api.constrains("seats_max", "seats_taken")
    def _check_seats_max(self):
        for shift in self:
            if shift.seats_max < 0:
                raise ValidationError(
                    self.env._("The number of seats cannot be negative. Enter 0 for no limit.")
                )
            if shift.seats_max and shift.seats_max < shift.seats_taken:
                raise ValidationError(
                    self.env._(
                        "%(count)s volunteers are already registered for '%(name)s'. Please "
                        "enter at least %(count)s seats, or cancel registrations first.",
                        count=shift.seats_taken,
                        name=shift.name,
                    )
                )

    @api.constrains("cancel_deadline_hours")
    def _check_cancel_deadline_hours(self):
        if any(shift.cancel_deadline_hours < 0 for shift in self):
            raise ValidationError(
                self.env._("The cancellation deadline cannot be negative. Enter 0 for none.")
            )

    @api.constrains("recurrence", "recurrence_until", "date_begin")
    def _check_recurrence(self):
        for shift in self.filtered(lambda s: s.recurrence != "none"):
            if not shift.recurrence_until:
                raise ValidationError(
                    self.env._("Please enter the date until which the shift repeats.")
                )
            first_day = shift._kuemmerer_local(shift.date_begin).date()
            if shift.recurrence_until <= first_day:
                raise ValidationError(self.env._("The repetition must end after the first shift."))
            if (shift.recurrence_until - first_day).days > MAX_SERIES_DAYS:
                raise ValidationError(
                    self.env._(
                        "A series can be planned for at most two years. Please choose an "
                        "earlier end date."
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        shifts = super().create(vals_list)
        shifts._kuemmerer_generate_series()
        return shifts

    def write(self, vals):
        if "seats_taken" in vals:
            raise UserError(
                self.env._(
                    "The number of taken seats follows the registrations and cannot be changed."
                )
            )
        res = super().write(vals)
        if {"recurrence", "recurrence_until"} & set(vals):
            self._kuemmerer_generate_series()
        event_fields = {
            "name", "date_begin", "date_end", "location", "description", "user_id", "quarter_id",
        }
        if event_fields & set(vals):
            published = self.filtered(lambda s: s.state == "published" and s.calendar_event_id)
            published._kuemmerer_sync_event()
            if {"date_begin", "date_end", "location"} & set(vals):
                for shift in published:
                    shift._kuemmerer_notify(
                        shift._kuemmerer_active_registrations().partner_id,
                        "kuemmerer_addon.mail_template_shift_invitation",
                        kuemmerer_shift_changed=True,
                    )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        if any(shift.state in ("published", "done") for shift in self):
            raise UserError(
                self.env._(
                    "A published or done shift cannot be deleted. Cancel it instead, so that "
                    "the volunteers are told."
                )
            )

    def unlink(self):
        events = self.calendar_event_id
        res = super().unlink()
        events.sudo().with_context(no_mail_to_attendees=True).unlink()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_publish(self):
        """Publish the shifts (and the following draft shifts of their series):
        volunteers see them on the portal, the calendar event is created and
        registered volunteers get an invitation with .ics."""
        series = self.series_shift_ids.filtered(lambda s: s.state == "draft")
        shifts = self | series.filtered(lambda s: s.date_begin > fields.Datetime.now())
        wrong = shifts.filtered(lambda s: s.state != "draft")
        if wrong:
            raise UserError(
                self.env._("Only a draft shift can be published ('%(name)s').", name=wrong[0].name)
            )
        past = shifts.filtered(lambda s: s.date_begin <= fields.Datetime.now())
        if past:
            raise UserError(
                self.env._(
                    "The shift '%(name)s' has already begun and cannot be published. Please "
                    "change its date first.",
                    name=past[0].name,
                )
            )
        shifts.write({"state": "published"})
        shifts._kuemmerer_sync_event()
        for shift in shifts:
            shift._kuemmerer_notify(
                shift._kuemmerer_active_registrations().partner_id,
                "kuemmerer_addon.mail_template_shift_invitation",
            )
        return True

    def action_done(self):
        """After the shift: everyone still registered attended, with the
        shift's duration as hours, unless marked as not come before."""
        wrong = self.filtered(lambda s: s.state != "published")
        if wrong:
            raise UserError(
                self.env._(
                    "Only a published shift can be marked as done ('%(name)s').", name=wrong[0].name
                )
            )
        future = self.filtered(lambda s: s.date_begin > fields.Datetime.now())
        if future:
            raise UserError(
                self.env._(
                    "The shift '%(name)s' has not begun yet. Mark it as done afterwards.",
                    name=future[0].name,
                )
            )
        self.registration_ids.filtered(lambda r: r.state == "registered").action_attended()
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        """Cancel the shifts: the calendar event is cancelled and every
        registered volunteer gets a cancellation e-mail."""
        wrong = self.filtered(lambda s: s.state not in ("draft", "published"))
        if wrong:
            raise UserError(
                self.env._("The shift '%(name)s' is done or already cancelled.", name=wrong[0].name)
            )
        published = self.filtered(lambda s: s.state == "published")
        for shift in published:
            shift._kuemmerer_notify(
                shift._kuemmerer_active_registrations().partner_id,
                "kuemmerer_addon.mail_template_shift_cancelled",
                kuemmerer_ics_cancel=True,
            )
        self.write({"state": "cancelled"})
        events = published.calendar_event_id.sudo()
        if events:
            events.with_context(no_mail_to_attendees=True).action_archive()
        for shift in published:
            shift.message_post(
                body=self.env._(
                    "Shift cancelled; %(count)s registered volunteers were informed.",
                    count=len(shift._kuemmerer_active_registrations()),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_draft(self):
        if any(shift.state != "cancelled" for shift in self):
            raise UserError(self.env._("Only a cancelled shift can be set back to draft."))
        self.write({"state": "draft"})
        return True

    def action_generate_series(self):
        self.ensure_one()
        if self.recurrence == "none":
            raise UserError(self.env._("Please choose how the shift repeats first."))
        created = self._kuemmerer_generate_series()
        if not created:
            raise UserError(self.env._("The series is complete: no shift is missing."))
        return self.action_view_series()

    def action_view_series(self):
        self.ensure_one()
        origin = self.series_id or self
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kuemmerer_addon.kuemmerer_shift_action"
        )
        action["domain"] = ["|", ("id", "=", origin.id), ("series_id", "=", origin.id)]
        action["context"] = {}
        action["view_mode"] = "list,calendar,form"
        action["views"] = [(False, "list"), (False, "calendar"), (False, "form")]
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kuemmerer_active_registrations(self):
        return self.registration_ids.filtered(lambda r: r.state != "cancelled")

    def _kuemmerer_check_sign_up(self, partner):
        """Why ``partner`` may not sign up for this shift on the portal; raises
        a UserError in plain words. Seats and duplicates are checked when the
        registration is created."""
        self.ensure_one()
        partner = partner.sudo()
        shift = self.sudo()
        if not partner.is_volunteer or partner.volunteer_state != "active":
            raise UserError(
                self.env._(
                    "You cannot sign up for shifts at the moment. Please ask your coordinator."
                )
            )
        if shift.state == "cancelled":
            raise UserError(
                self.env._("This shift has been cancelled. Please choose another date.")
            )
        if shift.state != "published" or shift.date_begin <= fields.Datetime.now():
            raise UserError(
                self.env._("This shift is over or has already begun. Please choose another date.")
            )
        if shift.quarter_id not in partner._kuemmerer_volunteer_quarters():
            raise UserError(
                self.env._(
                    "This shift takes place in a quarter in which you do not help. Please "
                    "choose a shift in your quarter."
                )
            )

    def _kuemmerer_sign_up(self, partner):
        """Portal sign-up of ``partner`` (called after the access check, as
        superuser). Safe to run again: Odoo repeats a request that lost a race
        for the last seat, and the repetition then finds the shift full."""
        self.ensure_one()
        self._kuemmerer_check_sign_up(partner)
        if self.seats_max and self.seats_taken >= self.seats_max:
            # full already in this transaction's snapshot (the usual case when
            # many want the last seat): say so without trying
            self.env["kuemmerer.shift.registration"]._kuemmerer_check_duplicates(
                [(self.id, partner.id)]
            )
            raise self._kuemmerer_full_error()
        return (
            self.env["kuemmerer.shift.registration"]
            .sudo()
            .create({"shift_id": self.id, "partner_id": partner.id})
        )

    def _kuemmerer_full_error(self):
        """A plain UserError (clients over RPC and the web client know it),
        marked so that the portal can answer it with a redirect."""
        error = UserError(
            self.env._("All seats for this shift are taken. Please choose another date.")
        )
        error.kuemmerer_shift_full = True
        return error

    def _kuemmerer_take_seats(self, count=1):
        """Take ``count`` seats or raise: one conditional UPDATE, so that of
        concurrent transactions only those that fit get through. The others
        wait for the row lock and fail with a serialization error (Odoo runs at
        REPEATABLE READ), which Odoo retries; the retry sees the shift full."""
        self.ensure_one()
        self.flush_recordset(["seats_max", "seats_taken"])
        full = self._kuemmerer_full_error()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "UPDATE %s SET seats_taken = seats_taken + %s "
                        "WHERE id = %s AND (seats_max = 0 OR seats_taken + %s <= seats_max) "
                        "RETURNING id",
                        SQL.identifier(self._table),
                        count,
                        self.id,
                        count,
                    ),
                    log_exceptions=False,  # expected under concurrency, handled below
                )
                taken = bool(self.env.cr.fetchone())
        except SerializationFailure:
            # Another sign-up took seats since this transaction began. If the
            # committed state leaves too few, refuse now: a retry (after
            # Odoo's random back-off of up to seconds) would only find the
            # shift full. Otherwise let Odoo retry the request.
            if not self._kuemmerer_committed_seats_left(count):
                self.invalidate_recordset(["seats_taken"])
                raise full from None
            raise
        self.invalidate_recordset(["seats_taken"])
        if not taken:
            raise full
        self.modified(["seats_taken"])

    def _kuemmerer_committed_seats_left(self, count):
        """Whether ``count`` seats are free in the committed state (a fresh
        transaction, not this one's snapshot)."""
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT seats_max = 0 OR seats_taken + %s <= seats_max FROM %s WHERE id = %s",
                    count,
                    SQL.identifier(self._table),
                    self.id,
                )
            )
            row = cr.fetchone()
        return bool(row and row[0])

    def _kuemmerer_release_seats(self, count=1):
        self.ensure_one()
        self.flush_recordset(["seats_taken"])
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET seats_taken = GREATEST(seats_taken - %s, 0) WHERE id = %s",
                SQL.identifier(self._table),
                count,
                self.id,
            )
        )
        self.invalidate_recordset(["seats_taken"])
        self.modified(["seats_taken"])

    def _kuemmerer_can_cancel(self, now=None):
        """True while a volunteer may still cancel on the portal."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        return self.state == "published" and now <= self.date_begin - timedelta(
            hours=self.cancel_deadline_hours
        )

    # ------------------------------------------------------------
    # SERIES
    # ------------------------------------------------------------

    def _kuemmerer_tz(self):
        self.ensure_one()
        return pytz.timezone(self.user_id.tz or self.env.user.tz or DEFAULT_TZ)

    def _kuemmerer_local(self, value):
        """UTC datetime of the database to the local wall-clock time (naive)."""
        return pytz.utc.localize(value).astimezone(self._kuemmerer_tz()).replace(tzinfo=None)

    def _kuemmerer_utc(self, value):
        """Local wall-clock time (naive) to the UTC datetime of the database."""
        return self._kuemmerer_tz().localize(value).astimezone(pytz.utc).replace(tzinfo=None)

    def _kuemmerer_generate_series(self):
        """Create the missing shifts of each series up to its end date, at the
        same local time (also across the change to and from summer time).
        Running it again creates nothing twice."""
        created = self.browse()
        origins = self.filtered(
            lambda s: s.recurrence != "none" and s.recurrence_until and not s.series_id
        )
        for origin in origins:
            step = timedelta(days=RECURRENCE_DAYS[origin.recurrence])
            begin = origin._kuemmerer_local(origin.date_begin)
            end = origin._kuemmerer_local(origin.date_end)
            existing = set(origin.series_shift_ids.mapped("date_begin"))
            vals_list = []
            occurrence = 1
            while (begin + step * occurrence).date() <= origin.recurrence_until:
                date_begin = origin._kuemmerer_utc(begin + step * occurrence)
                if date_begin not in existing:
                    vals_list.append(
                        origin.copy_data(
                            {
                                "date_begin": date_begin,
                                "date_end": origin._kuemmerer_utc(end + step * occurrence),
                                "series_id": origin.id,
                                "state": "draft",
                            }
                        )[0]
                    )
                occurrence += 1
            if not vals_list:
                continue
            shifts = self.create(vals_list)
            if origin.state == "published":
                shifts.action_publish()
            created |= shifts
        return created

    # ------------------------------------------------------------
    # CALENDAR
    # ------------------------------------------------------------

    def _kuemmerer_event_values(self):
        self.ensure_one()
        description = (
            html2plaintext(self.description) if not is_html_empty(self.description) else ""
        )
        return {
            "name": self.name,
            "start": self.date_begin,
            "stop": self.date_end,
            "allday": False,
            "location": self.location or self.quarter_id.name,
            "description": description,
            "user_id": self.user_id.id,
            "privacy": "public",
            "show_as": "busy",
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "alarm_ids": [
                Command.set(self.env.ref("kuemmerer_addon.calendar_alarm_shift_reminder").ids)
            ],
        }

    def _kuemmerer_sync_event(self):
        """The calendar event of each published shift: created on publishing,
        updated on changes; attendees are the coordinator and the registered
        volunteers. Odoo's own invitation is not sent: it lists all attendees,
        and volunteers must not see each other's names (see _kuemmerer_notify)."""
        Event = (
            self.env["calendar.event"]
            .sudo()
            .with_context(
                no_mail_to_attendees=True, mail_create_nosubscribe=True, mail_notrack=True
            )
        )
        to_create, create_values = self.browse(), []
        for shift in self:
            partners = shift.user_id.partner_id | shift._kuemmerer_active_registrations().partner_id
            values = shift._kuemmerer_event_values()
            values["partner_ids"] = [Command.set(partners.ids)]
            event = shift.calendar_event_id.sudo().with_env(Event.env)
            if event:
                if not event.active:
                    event.action_unarchive()
                event.write(values)
            else:
                to_create |= shift
                create_values.append(values)
        # a published series: its events in one batch
        for shift, event in zip(to_create, Event.create(create_values)):
            shift.sudo().calendar_event_id = event

    def _kuemmerer_event_add(self, partners):
        self.ensure_one()
        event = self.calendar_event_id.sudo()
        if not event or not partners:
            return
        new = partners - event.partner_ids
        if new:
            event.with_context(no_mail_to_attendees=True).write(
                {"partner_ids": [Command.link(partner.id) for partner in new]}
            )
        self._kuemmerer_notify(partners, "kuemmerer_addon.mail_template_shift_invitation")

    def _kuemmerer_event_remove(self, partners):
        self.ensure_one()
        event = self.calendar_event_id.sudo()
        if not event or not partners:
            return
        self._kuemmerer_notify(
            partners,
            "kuemmerer_addon.mail_template_shift_registration_cancelled",
            kuemmerer_ics_cancel=True,
        )
        event.with_context(no_mail_to_attendees=True).write(
            {"partner_ids": [Command.unlink(partner.id) for partner in partners]}
        )

    def _kuemmerer_notify(self, partners, template_xmlid, **context):
        """E-mail to each of ``partners`` (attendees of the shift's event) with
        the event as .ics, through Odoo's calendar mailing, with our own
        template that names no other volunteer; the .ics leaves out the
        attendees too (see calendar.event._get_ics_file)."""
        self.ensure_one()
        event = self.calendar_event_id.sudo()
        if not event or not partners:
            return
        attendees = event.attendee_ids.filtered(lambda a: a.partner_id in partners)
        # the template renders with its own context (wording), the attendees
        # with theirs (.ics)
        template = self.env.ref(template_xmlid).with_context(**context)
        attendees.with_context(mail_notify_author=True, **context)._send_mail_to_attendees(
            template, force_send=True
        )

    def _kuemmerer_ics(self):
        """The .ics of the shift for the volunteer to download."""
        self.ensure_one()
        event = self.calendar_event_id.sudo()
        if not event:
            return False
        return event._get_ics_file().get(event.id)
