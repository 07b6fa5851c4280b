# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The volunteer portal: shifts (list, detail, sign-up, cancellation, .ics)."""

from datetime import datetime, time, timedelta

import pytz

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import content_disposition, request
from odoo.tools import format_date, format_datetime, html_sanitize, is_html_empty

from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import MAX_ID, KuemmererPortal

# the week filter: this week and the following ones
MAX_WEEK_OFFSET = 12
# what the shift cards show
SHIFT_CARD_FIELDS = [
    "name",
    "date_begin",
    "date_end",
    "location",
    "quarter_id",
    "seats_max",
    "seats_available",
    "skill_ids",
    "state",
    "user_id",
    "cancel_deadline_hours",
]


class KuemmererShiftPortal(KuemmererPortal):
    """Shifts: searched and checked as the volunteer (record rules of shifts
    and registrations), shown as whitelisted values."""

    _kuemmerer_shifts_per_page = 20

    # ------------------------------------------------------------
    # ROUTES
    # ------------------------------------------------------------

    @http.route(
        ["/my/shifts", "/my/shifts/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def kuemmerer_portal_my_shifts(self, page=1, week=None, quarter=None, **kw):
        values = self._prepare_portal_layout_values()
        partner = self._kuemmerer_volunteer()
        quarters = (
            request.env["kuemmerer.volunteer"]._quarters(partner)
            if partner
            else request.env["kuemmerer.quarter"]
        )
        week_offset = self._kuemmerer_int(week, 0, MAX_WEEK_OFFSET)
        quarter_id = self._kuemmerer_int(quarter, 1, MAX_ID)
        if quarter_id not in quarters.ids:
            quarter_id = None
        registered_shifts, shifts, pager = self._kuemmerer_shift_search(
            partner, page, week_offset, quarter_id
        )
        values.update(
            {
                "page_name": "kuemmerer_shifts",
                "is_volunteer": bool(partner),
                "kuemmerer_registrations": [
                    self._kuemmerer_shift_card(shift, partner, registered=True)
                    for shift in registered_shifts
                ],
                "kuemmerer_shifts": [
                    self._kuemmerer_shift_card(shift, partner) for shift in shifts
                ],
                "week_options": self._kuemmerer_week_options(),
                "week": week_offset,
                "quarter_options": [(q.id, q.name) for q in quarters.sudo()],
                "quarter": quarter_id,
                "pager": pager,
                "message": self._kuemmerer_message(kw.get("message")),
            }
        )
        return request.render("kuemmerer_addon.portal_my_shifts", values)

    @http.route(
        ["/my/shifts/<int:shift_id>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def kuemmerer_portal_my_shift(self, shift_id, **kw):
        shift_sudo = self._kuemmerer_shift_check_access(shift_id)
        if shift_sudo is None:
            return request.not_found()
        return self._kuemmerer_render_shift(
            shift_sudo,
            message=self._kuemmerer_message(kw.get("message")),
            error=self._kuemmerer_error(kw.get("error")),
        )

    @http.route(
        ["/my/shifts/<int:shift_id>/register"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def kuemmerer_portal_shift_register(self, shift_id, **kw):
        shift_sudo = self._kuemmerer_shift_check_access(shift_id)
        partner = self._kuemmerer_volunteer()
        if shift_sudo is None or not partner:
            return request.not_found()
        try:
            with request.env.cr.savepoint():
                shift_sudo._kuemmerer_sign_up(partner)
        except (UserError, ValidationError) as error:
            if getattr(error, "kuemmerer_shift_full", False):
                # the usual refusal when many want the last seat: answered at
                # once, the page (with the reason) comes from a plain GET
                return request.redirect(f"/my/shifts/{shift_sudo.id}?error=full")
            return self._kuemmerer_render_shift(shift_sudo, error=error.args[0])
        return request.redirect(f"/my/shifts/{shift_sudo.id}?message=registered")

    @http.route(
        ["/my/shifts/<int:shift_id>/cancel"],
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        readonly=True,
    )
    def kuemmerer_portal_shift_cancel_confirm(self, shift_id, **kw):
        """The question before a cancellation ("wirklich?"): a page of its
        own, so that it works without JavaScript; the answer is a POST to
        the same address."""
        shift_sudo = self._kuemmerer_shift_check_access(shift_id)
        partner = self._kuemmerer_volunteer()
        if shift_sudo is None or not partner:
            return request.not_found()
        values = self._prepare_portal_layout_values()
        registration = self._kuemmerer_own_registration(shift_sudo, partner)
        card = self._kuemmerer_shift_card(
            shift_sudo, partner, registered=bool(registration)
        )
        error = None
        if not registration:
            error = request.env._("You are not registered for this shift.")
        elif not card["can_cancel"]:
            if card["is_cancelled"]:
                error = request.env._(
                    "This shift has been cancelled. You do not need to come."
                )
            elif card["is_past"]:
                error = request.env._(
                    "This shift is over or has already begun; it cannot be cancelled."
                )
            else:
                error = request.env._(
                    "You can cancel only until %(hours)s hours before the start. If "
                    "you cannot "
                    "come, please call.",
                    hours=shift_sudo.cancel_deadline_hours,
                )
        card["contact"] = self._kuemmerer_staff_contact(
            shift_sudo.user_id, shift_sudo.quarter_id
        )
        values.update(
            {
                "page_name": "kuemmerer_shifts",
                "kuemmerer_shift": card,
                "question": request.env._(
                    "Do you really want to cancel your registration for “%(shift)s” on "
                    "%(weekday)s, %(date)s, %(time)s?",
                    shift=card["name"],
                    weekday=card["weekday"],
                    date=card["date"],
                    time=card["time"],
                ),
                "error": error,
            }
        )
        return request.render("kuemmerer_addon.portal_shift_cancel", values)

    @http.route(
        ["/my/shifts/<int:shift_id>/cancel"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def kuemmerer_portal_shift_cancel(self, shift_id, **kw):
        shift_sudo = self._kuemmerer_shift_check_access(shift_id)
        partner = self._kuemmerer_volunteer()
        if shift_sudo is None or not partner:
            return request.not_found()
        registration = self._kuemmerer_own_registration(shift_sudo, partner)
        try:
            if not registration:
                raise UserError(request.env._("You are not registered for this shift."))
            with request.env.cr.savepoint():
                registration._kuemmerer_portal_cancel()
        except (UserError, ValidationError) as error:
            return self._kuemmerer_render_shift(shift_sudo, error=error.args[0])
        return request.redirect(f"/my/shifts/{shift_sudo.id}?message=cancelled")

    @http.route(
        ["/my/shifts/<int:shift_id>/ics"], type="http", auth="user", readonly=True
    )
    def kuemmerer_portal_shift_ics(self, shift_id, **kw):
        shift_sudo = self._kuemmerer_shift_check_access(shift_id)
        if shift_sudo is None or shift_sudo.state != "published":
            return request.not_found()
        ics = shift_sudo._kuemmerer_ics()
        if not ics:
            return request.not_found()
        return request.make_response(
            ics,
            headers=[
                ("Content-Type", "text/calendar; charset=utf-8"),
                (
                    "Content-Disposition",
                    content_disposition(f"einsatz-{shift_sudo.id}.ics"),
                ),
            ],
        )

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _kuemmerer_shift_search(self, partner, page, week_offset, quarter_id):
        """The volunteer's coming registered shifts and one page of the open
        shifts they may sign up for (in the week and quarter chosen), with
        the pager. Searched as the volunteer; returned as superuser with what
        the cards show fetched."""
        Shift = request.env["kuemmerer.shift"]
        registrations = request.env["kuemmerer.shift.registration"]
        shifts = Shift
        total = 0
        domain = self._kuemmerer_open_shift_domain(partner)
        if partner and Shift.has_access("read"):
            registrations = registrations.search(
                self._kuemmerer_registration_domain(partner), order="date_begin, id"
            )
            if week_offset is not None:
                domain += self._kuemmerer_week_domain(week_offset)
            if quarter_id:
                domain.append(("quarter_id", "=", quarter_id))
            total = Shift.search_count(domain)
        url_args = {
            key: value
            for key, value in (("week", week_offset), ("quarter", quarter_id))
            if value is not None
        }
        pager = portal_pager(
            url="/my/shifts",
            url_args=url_args,
            total=total,
            page=page,
            step=self._kuemmerer_shifts_per_page,
        )
        if total:
            shifts = Shift.search(
                domain, limit=self._kuemmerer_shifts_per_page, offset=pager["offset"]
            )
        # access checked above: read for display as superuser, whitelisted
        registered_shifts = registrations.sudo().shift_id
        (registered_shifts | shifts).sudo().fetch(SHIFT_CARD_FIELDS)
        return registered_shifts.sudo(), shifts.sudo(), pager

    def _kuemmerer_open_shift_domain(self, partner):
        quarters = (
            request.env["kuemmerer.volunteer"]._quarters(partner).ids if partner else []
        )
        domain = [
            ("state", "=", "published"),
            ("date_begin", ">", fields.Datetime.now()),
            ("quarter_id", "in", quarters),
            "|",
            ("seats_max", "=", 0),
            ("seats_available", ">", 0),
        ]
        if partner:
            domain.append(
                (
                    "registration_ids",
                    "not any",
                    [("partner_id", "=", partner.id), ("state", "!=", "cancelled")],
                )
            )
        return domain

    def _kuemmerer_shift_check_access(self, shift_id):
        """The shift as superuser once the volunteer may read it, else None."""
        if not self._kuemmerer_int(shift_id, 1, MAX_ID):
            return None
        try:
            return self._document_check_access("kuemmerer.shift", shift_id)
        except (AccessError, MissingError):
            return None

    def _kuemmerer_week_domain(self, offset):
        tz = self._kuemmerer_tz()
        today = datetime.now(tz).date()
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
        start = tz.localize(datetime.combine(monday, time.min)).astimezone(pytz.utc)
        end = tz.localize(
            datetime.combine(monday + timedelta(days=7), time.min)
        ).astimezone(pytz.utc)
        return [
            ("date_begin", ">=", start.replace(tzinfo=None)),
            ("date_begin", "<", end.replace(tzinfo=None)),
        ]

    def _kuemmerer_week_options(self):
        env = request.env
        today = datetime.now(self._kuemmerer_tz()).date()
        monday = today - timedelta(days=today.weekday())
        options = []
        for offset in range(MAX_WEEK_OFFSET + 1):
            start = monday + timedelta(weeks=offset)
            dates = "{}–{}".format(
                format_date(env, start, date_format="dd.MM."),
                format_date(env, start + timedelta(days=6), date_format="dd.MM."),
            )
            if offset == 0:
                label = env._("This week (%(dates)s)", dates=dates)
            elif offset == 1:
                label = env._("Next week (%(dates)s)", dates=dates)
            else:
                label = env._("Week of %(dates)s", dates=dates)
            options.append((offset, label))
        return options

    def _kuemmerer_when(self, shift):
        env = request.env
        tz = str(self._kuemmerer_tz())
        return {
            "weekday": format_datetime(env, shift.date_begin, tz=tz, dt_format="EEEE"),
            "date": format_datetime(
                env, shift.date_begin, tz=tz, dt_format="dd.MM.yyyy"
            ),
            "time": env._(
                "%(start)s to %(end)s",
                start=format_datetime(env, shift.date_begin, tz=tz, dt_format="HH:mm"),
                end=format_datetime(env, shift.date_end, tz=tz, dt_format="HH:mm"),
            ),
        }

    def _kuemmerer_seats_text(self, shift):
        env = request.env
        if not shift.seats_max:
            return env._("Helpers welcome")
        if not shift.seats_available:
            return env._("All seats taken")
        if shift.seats_available == 1:
            return env._("1 seat free")
        return env._("%(count)s seats free", count=shift.seats_available)

    def _kuemmerer_shift_card(self, shift, partner, registered=False):
        """Whitelisted values of a shift for the templates (``shift`` is
        sudo), with what ``partner`` may do with it: sign up or cancel."""
        now = fields.Datetime.now()
        is_full = bool(shift.seats_max and not shift.seats_available)
        is_past = shift.date_begin <= now
        return {
            "id": shift.id,
            "name": shift.name,
            **self._kuemmerer_when(shift),
            "location": shift.location or "",
            "quarter": shift.quarter_id.name,
            "seats": self._kuemmerer_seats_text(shift),
            "is_full": is_full,
            "skills": shift.skill_ids.mapped("name"),
            "is_registered": registered,
            "is_cancelled": shift.state == "cancelled",
            "is_past": is_past,
            # callers pass shifts without an active registration of the
            # partner when ``registered`` is false
            "can_sign_up": bool(partner)
            and partner.volunteer_state == "active"
            and not registered
            and shift.state == "published"
            and not is_past
            and not is_full,
            "can_cancel": registered and shift._kuemmerer_can_cancel(now),
            "url": f"/my/shifts/{shift.id}",
            "register_url": f"/my/shifts/{shift.id}/register",
            "cancel_url": f"/my/shifts/{shift.id}/cancel",
        }

    def _kuemmerer_own_registration(self, shift_sudo, partner, states=("registered",)):
        """The partner's registration for the shift (their record rule)."""
        return request.env["kuemmerer.shift.registration"].search(
            [
                ("shift_id", "=", shift_sudo.id),
                ("partner_id", "=", partner.id),
                ("state", "in", states),
            ],
            limit=1,
        )

    def _kuemmerer_render_shift(self, shift_sudo, message=None, error=None):
        values = self._prepare_portal_layout_values()
        partner = self._kuemmerer_volunteer()
        registration = request.env["kuemmerer.shift.registration"]
        if partner:
            registration = self._kuemmerer_own_registration(
                shift_sudo, partner, states=("registered", "attended", "no_show")
            )
        is_registered = registration.state == "registered"
        card = self._kuemmerer_shift_card(shift_sudo, partner, registered=is_registered)
        card.update(
            {
                "description": html_sanitize(shift_sudo.description)
                if not is_html_empty(shift_sudo.description)
                else False,
                "contact": self._kuemmerer_staff_contact(
                    shift_sudo.user_id, shift_sudo.quarter_id
                ),
                "attended": registration.state == "attended",
                "is_published": shift_sudo.state == "published",
                # attended or absent: no second sign-up
                "can_sign_up": card["can_sign_up"] and not registration,
                "cancel_deadline_hours": shift_sudo.cancel_deadline_hours,
                "ics_url": f"/my/shifts/{shift_sudo.id}/ics"
                if shift_sudo.state == "published" and shift_sudo.calendar_event_id
                else False,
            }
        )
        values.update(
            {
                "page_name": "kuemmerer_shifts",
                "kuemmerer_shift": card,
                "message": message,
                "error": error,
            }
        )
        return request.render("kuemmerer_addon.portal_my_shift", values)
