# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..const import CASEWORK

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
CANCEL_HOURS_PARAM = "kuemmerer_addon.shift_cancel_hours"
DEFAULT_CANCEL_HOURS = 24


class KuemmererShift(models.Model):
    _name = "kuemmerer.shift"
    # the series, the seats and the calendar event are concerns of their own
    _inherit = [
        "mail.thread",
        "kuemmerer.shift.series",
        "kuemmerer.shift.seats",
        "kuemmerer.shift.calendar",
    ]
    _description = "Shift"
    _order = "date_begin, id"

    # what
    name = fields.Char(required=True, tracking=True)
    description = fields.Html(
        string="Information for Volunteers",
        help="Shown to the volunteers on the portal: what to bring, where to meet, "
        "whom to ask. "
        "No personal data of residents here.",
    )
    skill_ids = fields.Many2many(
        "kuemmerer.skill",
        "kuemmerer_shift_skill_rel",
        "shift_id",
        "skill_id",
        string="Skills",
    )
    color = fields.Integer()
    # when and where
    date_begin = fields.Datetime(
        string="Start", required=True, index=True, tracking=True
    )
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
        domain=lambda self: [("groups_id", "in", self.env.ref(CASEWORK).id)],
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
        compute="_compute_seats_available",
        store=True,
        help="Free seats; 0 when there is no limit.",
    )
    registration_ids = fields.One2many(
        "kuemmerer.shift.registration", "shift_id", string="Registrations"
    )
    cancel_deadline_hours = fields.Integer(
        string="Cancellation Deadline (hours)",
        default=lambda self: self._default_cancel_deadline_hours(),
        help="Volunteers can cancel their registration on the portal until so many "
        "hours "
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
            if (
                shift.date_begin
                and shift.date_end
                and shift.date_end > shift.date_begin
            ):
                shift.duration = (
                    shift.date_end - shift.date_begin
                ).total_seconds() / 3600
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

    @api.constrains("date_begin", "date_end")
    def _check_dates(self):
        for shift in self:
            if shift.date_end <= shift.date_begin:
                raise ValidationError(
                    self.env._(
                        "The shift '%(name)s' must end after it starts.",
                        name=shift.name,
                    )
                )

    @api.constrains("seats_max", "seats_taken")
    def _check_seats_max(self):
        for shift in self:
            if shift.seats_max < 0:
                raise ValidationError(
                    self.env._(
                        "The number of seats cannot be negative. Enter 0 for no limit."
                    )
                )
            if shift.seats_max and shift.seats_max < shift.seats_taken:
                raise ValidationError(
                    self.env._(
                        "%(count)s volunteers are already registered for '%(name)s'. "
                        "Please "
                        "enter at least %(count)s seats, or cancel registrations "
                        "first.",
                        count=shift.seats_taken,
                        name=shift.name,
                    )
                )

    @api.constrains("cancel_deadline_hours")
    def _check_cancel_deadline_hours(self):
        if any(shift.cancel_deadline_hours < 0 for shift in self):
            raise ValidationError(
                self.env._(
                    "The cancellation deadline cannot be negative. Enter 0 for none."
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
                    "The number of taken seats follows the registrations and cannot "
                    "be changed."
                )
            )
        res = super().write(vals)
        if {"recurrence", "recurrence_until"} & set(vals):
            self._kuemmerer_generate_series()
        event_fields = {
            "name",
            "date_begin",
            "date_end",
            "location",
            "description",
            "user_id",
            "quarter_id",
        }
        if event_fields & set(vals):
            published = self.filtered(
                lambda s: s.state == "published" and s.calendar_event_id
            )
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
                    "A published or done shift cannot be deleted. Cancel it instead, "
                    "so that "
                    "the volunteers are told."
                )
            )

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
                self.env._(
                    "Only a draft shift can be published ('%(name)s').",
                    name=wrong[0].name,
                )
            )
        past = shifts.filtered(lambda s: s.date_begin <= fields.Datetime.now())
        if past:
            raise UserError(
                self.env._(
                    "The shift '%(name)s' has already begun and cannot be published. "
                    "Please "
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
                    "Only a published shift can be marked as done ('%(name)s').",
                    name=wrong[0].name,
                )
            )
        future = self.filtered(lambda s: s.date_begin > fields.Datetime.now())
        if future:
            raise UserError(
                self.env._(
                    "The shift '%(name)s' has not begun yet. Mark it as done "
                    "afterwards.",
                    name=future[0].name,
                )
            )
        self.registration_ids.filtered(
            lambda r: r.state == "registered"
        ).action_attended()
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        """Cancel the shifts: the calendar event is cancelled and every
        registered volunteer gets a cancellation e-mail."""
        wrong = self.filtered(lambda s: s.state not in ("draft", "published"))
        if wrong:
            raise UserError(
                self.env._(
                    "The shift '%(name)s' is done or already cancelled.",
                    name=wrong[0].name,
                )
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
            raise UserError(
                self.env._("Only a cancelled shift can be set back to draft.")
            )
        self.write({"state": "draft"})
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kuemmerer_active_registrations(self):
        return self.registration_ids.filtered(lambda r: r.state != "cancelled")

    def _kuemmerer_can_cancel(self, now=None):
        """True while a volunteer may still cancel on the portal."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        return self.state == "published" and now <= self.date_begin - timedelta(
            hours=self.cancel_deadline_hours
        )
