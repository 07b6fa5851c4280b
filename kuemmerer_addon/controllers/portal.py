# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import datetime, time, timedelta

import pytz

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import content_disposition, request
from odoo.tools import format_datetime, html_sanitize, is_html_empty

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

DEFAULT_TZ = "Europe/Berlin"
# the week filter: this week and the following ones
MAX_WEEK_OFFSET = 12
# a report back: a few sentences, never a document
REPORT_MAX_LENGTH = 4000
HTML_RE = re.compile(r"<\s*[a-zA-Z!/?][^>]*>|&[a-zA-Z#0-9]+;")
# ids beyond PostgreSQL's integer are simply not found
MAX_ID = 2**31 - 1
# what a volunteer may answer about a task
REPORT_RESULTS = ("done", "failed")
PHONE_CHARS_RE = re.compile(r"[^0-9+]")


class KuemmererPortal(CustomerPortal):
    """The volunteer portal: shifts and help steps.

    Every route checks access first, as the volunteer: shifts and
    registrations through their record rules (``_document_check_access``,
    ``search``); help steps, on which volunteers have no ORM access at all
    (their fields name the resident), through the domain of
    ``_kuemmerer_portal_step_domain``. Only then is the superuser used, and
    only whitelisted values reach the templates. Foreign and missing ids are
    answered alike with 404.

    Every ``CustomerPortal`` subclass of every installed app is merged into one
    controller, by method name: our route methods start with ``kuemmerer_`` and
    the volunteer's tasks live under ``/my/kuemmerer/tasks``, so that Project's
    ``portal_my_tasks`` at ``/my/tasks`` and ours never shadow each other.
    """

    _kuemmerer_shifts_per_page = 20

    # ------------------------------------------------------------
    # HOME
    # ------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "kuemmerer_shift_count" in counters:
            # "My Shifts": the volunteer's own coming shifts, not the open ones
            # they could sign up for
            partner = self._kuemmerer_volunteer()
            values["kuemmerer_shift_count"] = (
                request.env["kuemmerer.shift.registration"].search_count(
                    self._kuemmerer_registration_domain(partner)
                )
                if partner and request.env["kuemmerer.shift"].has_access("read")
                else 0
            )
        if "kuemmerer_task_count" in counters:
            partner = self._kuemmerer_volunteer()
            values["kuemmerer_task_count"] = (
                request.env["kuemmerer.help.step"]
                .sudo()
                .search_count(self._kuemmerer_portal_step_domain(partner))
                if partner
                else 0
            )
        return values

    # ------------------------------------------------------------
    # SHIFTS
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
        Shift = request.env["kuemmerer.shift"]
        quarters = (
            partner._kuemmerer_volunteer_quarters() if partner else request.env["kuemmerer.quarter"]
        )
        week_offset = self._kuemmerer_int(week, 0, MAX_WEEK_OFFSET)
        quarter_id = self._kuemmerer_int(quarter, 1, MAX_ID)
        if quarter_id not in quarters.ids:
            quarter_id = None

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
        all_shifts = (registered_shifts | shifts).sudo()
        all_shifts.fetch(
            [
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
        )
        values.update(
            {
                "page_name": "kuemmerer_shifts",
                "is_volunteer": bool(partner),
                "kuemmerer_registrations": [
                    self._kuemmerer_shift_card(shift, partner, registered=True)
                    for shift in registered_shifts.sudo()
                ],
                "kuemmerer_shifts": [
                    self._kuemmerer_shift_card(shift, partner) for shift in shifts.sudo()
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
        ["/my/shifts/<int:shift_id>"], type="http", auth="user", website=True, readonly=True
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
                return request.redirect("/my/shifts/%s?error=full" % shift_sudo.id)
            return self._kuemmerer_render_shift(shift_sudo, error=error.args[0])
        return request.redirect("/my/shifts/%s?message=registered" % shift_sudo.id)

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
        card = self._kuemmerer_shift_card(shift_sudo, partner, registered=bool(registration))
        error = None
        if not registration:
            error = request.env._("You are not registered for this shift.")
        elif not card["can_cancel"]:
            if card["is_cancelled"]:
                error = request.env._("This shift has been cancelled. You do not need to come.")
            elif card["is_past"]:
                error = request.env._(
                    "This shift is over or has already begun; it cannot be cancelled."
                )
            else:
                error = request.env._(
                    "You can cancel only until %(hours)s hours before the start. If you cannot "
                    "come, please call.",
                    hours=shift_sudo.cancel_deadline_hours,
                )
        card["contact"] = self._kuemmerer_staff_contact(shift_sudo.user_id, shift_sudo.quarter_id)
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
        return request.redirect("/my/shifts/%s?message=cancelled" % shift_sudo.id)

    @http.route(["/my/shifts/<int:shift_id>/ics"], type="http", auth="user", readonly=True)
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
                ("Content-Disposition", content_disposition("einsatz-%s.ics" % shift_sudo.id)),
            ],
        )

    # ------------------------------------------------------------
    # TASKS (help steps assigned to the volunteer)
    # ------------------------------------------------------------

    @http.route(["/my/kuemmerer/tasks"], type="http", auth="user", website=True, readonly=True)
    def kuemmerer_portal_my_tasks(self, **kw):
        return self._kuemmerer_render_tasks(message=self._kuemmerer_message(kw.get("message")))

    @http.route(
        ["/my/kuemmerer/tasks/<int:step_id>/report"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def kuemmerer_portal_task_report(self, step_id, report=None, result="done", **kw):
        partner = self._kuemmerer_volunteer()
        step_id = self._kuemmerer_int(step_id, 1, MAX_ID)
        if not partner or not step_id:
            return request.not_found()
        step_sudo = (
            request.env["kuemmerer.help.step"]
            .sudo()
            .search(self._kuemmerer_portal_step_domain(partner, step_id), limit=1)
        )
        if not step_sudo:
            return request.not_found()
        text = report.strip() if isinstance(report, str) else ""
        failed = result == "failed"
        error = None
        if result not in REPORT_RESULTS:
            error = request.env._(
                "Please tell us whether the task is done or did not work out, with the buttons "
                "below the text."
            )
        elif not text and failed:
            error = request.env._("Please write in a few words why it did not work out.")
        elif not text:
            error = request.env._("Please write a few words about how it went.")
        elif len(text) > REPORT_MAX_LENGTH:
            error = request.env._(
                "Your report is too long. Please write at most %(count)s characters.",
                count=REPORT_MAX_LENGTH,
            )
        elif HTML_RE.search(text):
            error = request.env._(
                "Please write your report as plain text, without angle brackets or formatting codes."
            )
        if not error:
            try:
                with request.env.cr.savepoint():
                    step_sudo._kuemmerer_portal_report(partner, text, failed=failed)
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
        if error:
            # what was typed stays in the box (as text: t-out escapes it)
            return self._kuemmerer_render_tasks(
                error=error,
                error_step_id=step_sudo.id,
                report=text[:REPORT_MAX_LENGTH],
            )
        return request.redirect(
            "/my/kuemmerer/tasks?message=%s" % ("reported_failed" if failed else "reported")
        )

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _kuemmerer_volunteer(self):
        """The partner of the current user when they are a volunteer."""
        partner = request.env.user.partner_id.sudo()
        if (
            request.env.user._is_public()
            or not partner.is_volunteer
            or partner.volunteer_state == "ended"
        ):
            return None
        return partner

    def _kuemmerer_int(self, value, minimum, maximum):
        try:
            number = int(value)
        except (TypeError, ValueError):
            return None
        return number if minimum <= number <= maximum else None

    def _kuemmerer_open_shift_domain(self, partner):
        quarters = partner._kuemmerer_volunteer_quarters().ids if partner else []
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

    def _kuemmerer_registration_domain(self, partner):
        return [
            ("partner_id", "=", partner.id if partner else 0),
            ("state", "=", "registered"),
            ("shift_id.state", "in", ("published", "cancelled")),
            ("shift_id.date_end", ">=", fields.Datetime.now()),
        ]

    @staticmethod
    def _kuemmerer_portal_step_domain(partner, step_id=None):
        """The help steps a volunteer may see and report on: assigned to them,
        open, in a running help chain. This is their access rule."""
        domain = [
            ("volunteer_id", "=", partner.id),
            ("state", "in", ("todo", "waiting")),
            ("chain_id.state", "=", "running"),
        ]
        if step_id:
            domain.append(("id", "=", step_id))
        return domain

    def _kuemmerer_shift_check_access(self, shift_id):
        """The shift as superuser once the volunteer may read it, else None."""
        if not self._kuemmerer_int(shift_id, 1, MAX_ID):
            return None
        try:
            return self._document_check_access("kuemmerer.shift", shift_id)
        except (AccessError, MissingError):
            return None

    def _kuemmerer_tz(self):
        return pytz.timezone(request.env.user.tz or DEFAULT_TZ)

    def _kuemmerer_week_domain(self, offset):
        tz = self._kuemmerer_tz()
        today = datetime.now(tz).date()
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
        start = tz.localize(datetime.combine(monday, time.min)).astimezone(pytz.utc)
        end = tz.localize(datetime.combine(monday + timedelta(days=7), time.min)).astimezone(
            pytz.utc
        )
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
            dates = "%s–%s" % (
                start.strftime("%d.%m."),
                (start + timedelta(days=6)).strftime("%d.%m."),
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
            "date": format_datetime(env, shift.date_begin, tz=tz, dt_format="dd.MM.yyyy"),
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
            "url": "/my/shifts/%s" % shift.id,
            "register_url": "/my/shifts/%s/register" % shift.id,
            "cancel_url": "/my/shifts/%s/cancel" % shift.id,
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

    def _kuemmerer_staff_contact(self, user, quarter):
        """Whom a volunteer calls with a question: the Kümmerer or coordinator
        in charge (``user``), else the quarter's coordinator; their work phone
        and e-mail, else the office's (the company's). Only staff: internal
        users and the company, never a resident or another volunteer."""
        user = user.sudo()
        if not user or user.share:
            user = quarter.sudo().manager_id
        if user.share:
            user = user.browse()
        company = (user.company_id or request.env.company).sudo()
        phone = user.partner_id.phone or user.partner_id.mobile or ""
        email = user.partner_id.email or ""
        office_phone = "" if phone else company.phone or ""
        office_email = "" if email else company.email or ""
        return {
            "name": user.name or company.name,
            "phone": phone or office_phone,
            "phone_href": "tel:%s" % PHONE_CHARS_RE.sub("", phone or office_phone),
            # the person has no phone of their own: say whose number it is
            "office_label": request.env._("Office (%(company)s):", company=company.name)
            if office_phone and user
            else "",
            "email": email or office_email,
        }

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
                "contact": self._kuemmerer_staff_contact(shift_sudo.user_id, shift_sudo.quarter_id),
                "attended": registration.state == "attended",
                "is_published": shift_sudo.state == "published",
                # attended or absent: no second sign-up
                "can_sign_up": card["can_sign_up"] and not registration,
                "cancel_deadline_hours": shift_sudo.cancel_deadline_hours,
                "ics_url": "/my/shifts/%s/ics" % shift_sudo.id
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

    def _kuemmerer_render_tasks(self, message=None, error=None, error_step_id=None, report=""):
        values = self._prepare_portal_layout_values()
        partner = self._kuemmerer_volunteer()
        steps = request.env["kuemmerer.help.step"]
        if partner:
            # the domain is the volunteers' access rule on help steps
            steps = steps.sudo().search(
                self._kuemmerer_portal_step_domain(partner), order="date_deadline, id"
            )
        steps.fetch(
            [
                "name",
                "instructions",
                "date_deadline",
                "state",
                "need_id",
                "user_id",
                "chain_id",
                "quarter_id",
            ]
        )
        # whom to call: the steps' Kümmerer, or their quarters' coordinators
        steps.user_id.partner_id.fetch(["name", "phone", "mobile", "email"])
        steps.quarter_id.manager_id.partner_id.fetch(["name", "phone", "mobile", "email"])
        residents = steps.need_id.partner_id
        consented = residents._kuemmerer_consented("share_volunteers")
        residents.fetch(["name", "street", "street2", "zip", "city", "phone", "mobile"])
        cards = []
        for step in steps:
            resident = step.need_id.partner_id
            shared = resident in consented
            cards.append(
                {
                    "id": step.id,
                    "name": step.name,
                    "instructions": step.instructions or "",
                    "due": step.date_deadline and step.date_deadline.strftime("%d.%m.%Y"),
                    "is_overdue": bool(step.date_deadline)
                    and step.date_deadline < fields.Date.context_today(step),
                    "is_waiting": step.state == "waiting",
                    "resident": shared
                    and {
                        "name": resident.name,
                        "street": " ".join(filter(None, [resident.street, resident.street2])),
                        "city": " ".join(filter(None, [resident.zip, resident.city])),
                        "phone": resident.phone or resident.mobile or "",
                        "phone_href": "tel:%s"
                        % PHONE_CHARS_RE.sub("", resident.phone or resident.mobile or ""),
                    },
                    "contact": self._kuemmerer_staff_contact(step.user_id, step.quarter_id),
                    "error": error if step.id == error_step_id else None,
                    "report": report if step.id == error_step_id else "",
                }
            )
        values.update(
            {
                "page_name": "kuemmerer_tasks",
                "is_volunteer": bool(partner),
                "kuemmerer_tasks": cards,
                "message": message,
                "report_max_length": REPORT_MAX_LENGTH,
            }
        )
        return request.render("kuemmerer_addon.portal_my_tasks", values)

    def _kuemmerer_error(self, code):
        """Refusal after a redirect: only known codes, never echoed input."""
        if code == "full":
            return request.env._("All seats for this shift are taken. Please choose another date.")
        return None

    def _kuemmerer_message(self, code):
        """Confirmation after a redirect: only known codes, never echoed input."""
        env = request.env
        return {
            "registered": env._(
                "You are registered. You will receive an e-mail with the date for your calendar."
            ),
            "cancelled": env._("Your registration has been cancelled."),
            "reported": env._("Thank you for your report! Your Kümmerer has been informed."),
            "reported_failed": env._(
                "Thank you for telling us. Your Kümmerer has been informed and will decide "
                "how to go on."
            ),
        }.get(code if isinstance(code, str) else None)
