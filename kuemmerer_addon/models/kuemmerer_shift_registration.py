# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import index_exists

REGISTRATION_STATES = [
    ("registered", "Registered"),
    ("cancelled", "Cancelled"),
    ("attended", "Attended"),
    ("no_show", "Did not come"),
]
ACTIVE_STATES = ("registered", "attended", "no_show")


class KuemmererShiftRegistration(models.Model):
    _name = "kuemmerer.shift.registration"
    _description = "Shift Registration"
    _order = "date_begin desc, id desc"
    _rec_name = "partner_id"

    # who and what
    shift_id = fields.Many2one(
        "kuemmerer.shift", string="Shift", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Volunteer",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_volunteer", "=", True)],
    )
    state = fields.Selection(
        REGISTRATION_STATES, required=True, default="registered", index=True, copy=False
    )
    hours = fields.Float(
        compute="_compute_hours",
        store=True,
        readonly=False,
        help="Hours volunteered; the shift's duration unless entered otherwise.",
    )
    date_cancelled = fields.Datetime(string="Cancelled on", readonly=True, copy=False)
    # from the shift, for lists, reports and record rules
    date_begin = fields.Datetime(related="shift_id.date_begin", store=True, index=True)
    quarter_id = fields.Many2one(related="shift_id.quarter_id", store=True, index=True)
    user_id = fields.Many2one(
        related="shift_id.user_id", string="Coordinator", store=True, index=True
    )
    company_id = fields.Many2one(related="shift_id.company_id", store=True, index=True)

    def init(self):
        # one active registration per volunteer and shift, also under concurrency
        if not index_exists(self.env.cr, "kuemmerer_shift_registration_active_uniq"):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX kuemmerer_shift_registration_active_uniq ON "
                    "%s "
                    "(shift_id, partner_id) WHERE state != 'cancelled'",
                    SQL.identifier(self._table),
                )
            )

    @api.depends("shift_id.date_begin", "shift_id.date_end")
    def _compute_hours(self):
        for registration in self:
            registration.hours = registration.shift_id.duration

    @api.constrains("hours")
    def _check_hours(self):
        if any(
            registration.hours < 0 or registration.hours > 24 for registration in self
        ):
            raise ValidationError(
                self.env._(
                    "The hours of a shift must lie between 0 and 24. Please check the "
                    "number."
                )
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # access first: the checks below take seats
        self.check_access("create")
        keys = [
            (vals.get("shift_id"), vals.get("partner_id"))
            for vals in vals_list
            if vals.get("state", "registered") != "cancelled"
        ]
        self._kuemmerer_check_duplicates(keys)
        shifts = self.env["kuemmerer.shift"].sudo()
        for shift_id, count in Counter(key[0] for key in keys).items():
            shift = shifts.browse(shift_id)
            if shift.state == "cancelled":
                raise UserError(
                    self.env._(
                        "The shift '%(name)s' has been cancelled; nobody can register "
                        "for it.",
                        name=shift.name,
                    )
                )
            shift._kuemmerer_take_seats(count)
        registrations = super().create(vals_list)
        registrations._kuemmerer_invite()
        return registrations

    def write(self, vals):
        self.check_access("write")
        for fname in ("shift_id", "partner_id"):
            if fname in vals and any(reg[fname].id != vals[fname] for reg in self):
                raise UserError(
                    self.env._(
                        "A registration cannot be moved to another shift or "
                        "volunteer. Please "
                        "cancel it and create a new one."
                    )
                )
        to_release = to_take = self.browse()
        if "state" in vals:
            if vals["state"] == "cancelled":
                to_release = self.filtered(lambda r: r.state != "cancelled")
            else:
                to_take = self.filtered(lambda r: r.state == "cancelled")
        if to_take:
            to_take._kuemmerer_check_duplicates(
                [(r.shift_id.id, r.partner_id.id) for r in to_take]
            )
            for shift, registrations in to_take.grouped("shift_id").items():
                shift.sudo()._kuemmerer_take_seats(len(registrations))
        if to_release and "date_cancelled" not in vals:
            vals = dict(vals, date_cancelled=fields.Datetime.now())
        res = super().write(vals)
        for shift, registrations in to_release.grouped("shift_id").items():
            shift.sudo()._kuemmerer_release_seats(len(registrations))
        to_release._kuemmerer_uninvite()
        to_take._kuemmerer_invite()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_attended(self):
        if any(registration.state == "attended" for registration in self):
            raise UserError(
                self.env._(
                    "An attended shift is part of the volunteer's record and cannot "
                    "be deleted."
                )
            )

    def unlink(self):
        active = self.filtered(lambda r: r.state != "cancelled")
        active._kuemmerer_uninvite()
        shifts = {
            shift: len(regs) for shift, regs in active.grouped("shift_id").items()
        }
        res = super().unlink()
        for shift, count in shifts.items():
            if shift.exists():
                shift.sudo()._kuemmerer_release_seats(count)
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_attended(self):
        self._kuemmerer_check_attendance()
        # hours entered by hand stay; the others get their shift's duration
        for shift, registrations in (
            self.filtered(lambda r: not r.hours).grouped("shift_id").items()
        ):
            registrations.write({"hours": shift.duration})
        self.write({"state": "attended"})
        return True

    def action_no_show(self):
        self._kuemmerer_check_attendance()
        self.write({"state": "no_show", "hours": 0.0})
        return True

    def action_cancel(self):
        if any(registration.state != "registered" for registration in self):
            raise UserError(
                self.env._("Only a registration that is still open can be cancelled.")
            )
        self.write({"state": "cancelled"})
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kuemmerer_check_duplicates(self, keys):
        """One active registration per volunteer and shift, with a clear
        message; the partial unique index backs it up."""
        if not keys:
            return
        duplicate = None
        if len(set(keys)) < len(keys):
            duplicate = next(key for key, count in Counter(keys).items() if count > 1)
        else:
            existing = self.sudo().search_fetch(
                [
                    ("shift_id", "in", [key[0] for key in keys]),
                    ("partner_id", "in", [key[1] for key in keys]),
                    ("state", "!=", "cancelled"),
                    ("id", "not in", self.ids),
                ],
                ["shift_id", "partner_id"],
            )
            found = {(reg.shift_id.id, reg.partner_id.id) for reg in existing} & set(
                keys
            )
            duplicate = next(iter(found), None)
        if duplicate:
            partner = self.env["res.partner"].sudo().browse(duplicate[1])
            raise UserError(
                self.env._(
                    "%(name)s is already registered for this shift.",
                    name=partner.display_name,
                )
            )

    def _kuemmerer_check_attendance(self):
        if any(registration.state == "cancelled" for registration in self):
            raise UserError(self.env._("A cancelled registration has no attendance."))
        if any(
            registration.shift_id.date_begin > fields.Datetime.now()
            for registration in self
        ):
            raise UserError(
                self.env._("Attendance can only be recorded once the shift has begun.")
            )

    def _kuemmerer_portal_cancel(self):
        """Cancellation by the volunteer on the portal (after the access check)."""
        self.ensure_one()
        registration = self.sudo()
        if registration.state != "registered":
            raise UserError(
                self.env._("You are not registered for this shift any more.")
            )
        shift = registration.shift_id
        if not shift._kuemmerer_can_cancel():
            if shift.state != "published" or shift.date_begin <= fields.Datetime.now():
                raise UserError(
                    self.env._(
                        "This shift is over or has already begun; it cannot be "
                        "cancelled."
                    )
                )
            raise UserError(
                self.env._(
                    "You can cancel only until %(hours)s hours before the start. "
                    "Please call "
                    "%(coordinator)s to cancel.",
                    hours=shift.cancel_deadline_hours,
                    coordinator=shift.user_id.name,
                )
            )
        registration.write({"state": "cancelled"})
        self.env["kuemmerer.tandem.loop"]._shift_cancelled(registration)
        return True

    def _kuemmerer_invite(self):
        """Registered volunteers of published shifts become attendees of the
        shift's calendar event and get an invitation with .ics."""
        active = self.filtered(
            lambda r: r.state == "registered" and r.shift_id.state == "published"
        )
        for shift, registrations in active.grouped("shift_id").items():
            shift._kuemmerer_event_add(registrations.partner_id)

    def _kuemmerer_uninvite(self):
        for shift, registrations in self.grouped("shift_id").items():
            if shift.state == "published":
                shift._kuemmerer_event_remove(registrations.partner_id)
