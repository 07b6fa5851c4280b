# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from .portal import HTML_RE, MAX_ID, PHONE_CHARS_RE, KuemmererPortal

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
HOURS_RE = re.compile(r"^(\d{1,2})(?:[:](\d{2})|[.,](\d{1,2}))?$")
NUMBER_RE = re.compile(r"^\d{1,4}(?:[.,]\d{1,2})?$")
NOTE_MAX_LENGTH = 2000
# how far back the volunteer may page through their months
MAX_MONTHS_BACK = 24


class KuemmererTandemPortal(KuemmererPortal):
    """The volunteer's tandems on the portal: their tandems, logging a visit
    (phone first), their month. Access is checked as the volunteer through
    the record rules of ``kuemmerer.tandem`` (own, not proposed); only then
    is the superuser used, with whitelisted values for the templates."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "kuemmerer_tandem_count" in counters:
            partner = self._kuemmerer_volunteer()
            values["kuemmerer_tandem_count"] = (
                request.env["kuemmerer.tandem"].search_count(
                    self._kuemmerer_tandem_domain(partner)
                )
                if partner
                else 0
            )
        return values

    # ------------------------------------------------------------
    # ROUTES
    # ------------------------------------------------------------

    @http.route(
        ["/my/kuemmerer/tandems"], type="http", auth="user", website=True, readonly=True
    )
    def kuemmerer_portal_my_tandems(self, **kw):
        values = self._prepare_portal_layout_values()
        partner = self._kuemmerer_volunteer()
        Tandem = request.env["kuemmerer.tandem"]
        tandems = (
            Tandem.search(self._kuemmerer_tandem_domain(partner)) if partner else Tandem
        )
        month = self._kuemmerer_month_start(fields.Date.context_today(Tandem))
        hours = self._kuemmerer_month_hours(tandems, month)
        tandems_sudo = tandems.sudo()
        tandems_sudo.fetch(
            [
                "resident_id",
                "state",
                "user_id",
                "quarter_id",
                "programme",
                "hours_month_max",
            ]
        )
        residents = tandems_sudo.resident_id
        consented = request.env["kuemmerer.consent"]._kuemmerer_consented(
            residents, "share_volunteers"
        )
        residents.fetch(["name", "street", "street2", "zip", "city", "phone", "mobile"])
        tandems_sudo.user_id.partner_id.fetch(["name", "phone", "mobile", "email"])
        tandems_sudo.quarter_id.manager_id.partner_id.fetch(
            ["name", "phone", "mobile", "email"]
        )
        HoursText = Tandem._kuemmerer_hours_text
        cards = []
        for tandem in tandems_sudo:
            limit = tandem._kuemmerer_month_limit()
            cards.append(
                {
                    "id": tandem.id,
                    "resident": self._kuemmerer_tandem_resident_card(
                        tandem.resident_id, consented
                    ),
                    "is_active": tandem.state == "active",
                    "state": dict(
                        tandem._fields["state"]._description_selection(request.env)
                    )[tandem.state],
                    "hours": HoursText(hours.get(tandem.id, 0.0)),
                    "limit": HoursText(limit) if limit else "",
                    "visit_url": f"/my/kuemmerer/tandems/{tandem.id}/visit",
                    "contact": self._kuemmerer_staff_contact(
                        tandem.user_id, tandem.quarter_id
                    ),
                }
            )
        values.update(
            {
                "page_name": "kuemmerer_tandems",
                "is_volunteer": bool(partner),
                "kuemmerer_tandems": cards,
                "month_label": month.strftime("%m/%Y"),
                "message": self._kuemmerer_tandem_message(kw.get("message")),
            }
        )
        return request.render("kuemmerer_addon.portal_my_tandems", values)

    @http.route(
        ["/my/kuemmerer/tandems/<int:tandem_id>/visit"],
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        readonly=True,
    )
    def kuemmerer_portal_tandem_visit_form(self, tandem_id, **kw):
        tandem = self._kuemmerer_tandem_check_access(tandem_id)
        if tandem is None:
            return request.not_found()
        return self._kuemmerer_render_visit_form(tandem)

    @http.route(
        ["/my/kuemmerer/tandems/<int:tandem_id>/visit"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def kuemmerer_portal_tandem_visit_log(self, tandem_id, **kw):
        tandem = self._kuemmerer_tandem_check_access(tandem_id)
        if tandem is None:
            return request.not_found()
        form = {
            key: kw.get(key) if isinstance(kw.get(key), str) else ""
            for key in ("date", "hours", "km", "note")
        }
        vals, error = self._kuemmerer_parse_visit(form)
        if not error:
            try:
                with request.env.cr.savepoint():
                    request.env["kuemmerer.tandem.visit"].sudo().create(
                        {
                            **vals,
                            "tandem_id": tandem.id,
                            "logged_by_id": request.env.uid,
                        }
                    )
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
        if error:
            return self._kuemmerer_render_visit_form(tandem, form=form, error=error)
        return request.redirect("/my/kuemmerer/month?message=logged")

    @http.route(
        ["/my/kuemmerer/month"], type="http", auth="user", website=True, readonly=True
    )
    def kuemmerer_portal_my_month(self, month=None, **kw):
        values = self._prepare_portal_layout_values()
        partner = self._kuemmerer_volunteer()
        today = fields.Date.context_today(request.env.user)
        this_month = self._kuemmerer_month_start(today)
        start = self._kuemmerer_parse_month(month) or this_month
        oldest = this_month - relativedelta(months=MAX_MONTHS_BACK)
        if not oldest <= start <= this_month:
            start = this_month
        statements = []
        if partner:
            # the volunteer's own visits (their record rule), read as superuser
            visits = request.env["kuemmerer.tandem.visit"].search(
                [("volunteer_id", "=", partner.id)], limit=1
            )
            if visits:
                statements = (
                    request.env["kuemmerer.tandem.statement"]
                    .sudo()
                    ._statements(start, volunteers=partner)
                )
        previous = start - relativedelta(months=1)
        following = start + relativedelta(months=1)
        values.update(
            {
                "page_name": "kuemmerer_month",
                "is_volunteer": bool(partner),
                "statements": statements,
                "month_label": start.strftime("%m/%Y"),
                "previous_url": "/my/kuemmerer/month?month={}".format(
                    previous.strftime("%Y-%m")
                )
                if previous >= oldest
                else "",
                "next_url": "/my/kuemmerer/month?month={}".format(
                    following.strftime("%Y-%m")
                )
                if following <= this_month
                else "",
                "message": self._kuemmerer_tandem_message(kw.get("message")),
            }
        )
        return request.render("kuemmerer_addon.portal_my_month", values)

    @http.route(
        ["/my/kuemmerer/tasks/<int:step_id>/question"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def kuemmerer_portal_task_question(self, step_id, question=None, **kw):
        """A question about a task: into the need's chatter for the Kümmerer,
        with an activity; the volunteer sees nothing of the need."""
        partner = self._kuemmerer_volunteer()
        step_id = self._kuemmerer_int(step_id, 1, MAX_ID)
        if not partner or not step_id:
            return request.not_found()
        step_sudo = request.env["kuemmerer.volunteer"]._portal_steps(partner, step_id)[
            :1
        ]
        if not step_sudo:
            return request.not_found()
        text = question.strip() if isinstance(question, str) else ""
        error = None
        if not text:
            error = request.env._("Please write your question.")
        elif len(text) > NOTE_MAX_LENGTH:
            error = request.env._(
                "Your question is too long. Please write at most %(count)s characters.",
                count=NOTE_MAX_LENGTH,
            )
        elif HTML_RE.search(text):
            error = request.env._(
                "Please write your question as plain text, without angle brackets or "
                "formatting codes."
            )
        if not error:
            with request.env.cr.savepoint():
                request.env["kuemmerer.tandem.loop"]._portal_question(
                    step_sudo, partner, text
                )
            return request.redirect("/my/kuemmerer/tasks?message=asked")
        return self._kuemmerer_render_tasks(error=error, error_step_id=step_sudo.id)

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @staticmethod
    def _kuemmerer_tandem_domain(partner):
        return [
            ("volunteer_id", "=", partner.id if partner else 0),
            ("state", "in", ("active", "paused")),
        ]

    def _kuemmerer_tandem_check_access(self, tandem_id):
        """The active tandem as superuser once the volunteer may read it
        (their record rule), else None: foreign and missing alike."""
        partner = self._kuemmerer_volunteer()
        tandem_id = self._kuemmerer_int(tandem_id, 1, MAX_ID)
        if not partner or not tandem_id:
            return None
        tandem = request.env["kuemmerer.tandem"].search(
            [
                ("id", "=", tandem_id),
                ("volunteer_id", "=", partner.id),
                ("state", "=", "active"),
            ]
        )
        return tandem.sudo() if tandem else None

    def _kuemmerer_month_hours(self, tandems, month):
        if not tandems:
            return {}
        groups = (
            request.env["kuemmerer.tandem.visit"]
            .sudo()
            ._read_group(
                [
                    ("tandem_id", "in", tandems.ids),
                    ("date", ">=", month),
                    ("date", "<", month + relativedelta(months=1)),
                ],
                ["tandem_id"],
                ["hours:sum"],
            )
        )
        return {tandem.id: hours for tandem, hours in groups}

    def _kuemmerer_tandem_resident_card(self, resident, consented):
        shared = resident in consented
        phone = (resident.phone or resident.mobile or "") if shared else ""
        return {
            "name": resident.name,
            "street": " ".join(filter(None, [resident.street, resident.street2]))
            if shared
            else "",
            "city": " ".join(filter(None, [resident.zip, resident.city]))
            if shared
            else "",
            "phone": phone,
            "phone_href": "tel:{}".format(PHONE_CHARS_RE.sub("", phone)),
        }

    def _kuemmerer_render_visit_form(self, tandem, form=None, error=None):
        values = self._prepare_portal_layout_values()
        today = fields.Date.context_today(tandem)
        form = form or {"date": today.isoformat(), "hours": "", "km": "", "note": ""}
        values.update(
            {
                "page_name": "kuemmerer_tandems",
                "tandem": {
                    "id": tandem.id,
                    "resident": tandem.resident_id.name,
                    "action": f"/my/kuemmerer/tandems/{tandem.id}/visit",
                },
                "form": {
                    key: (value or "")[:NOTE_MAX_LENGTH] for key, value in form.items()
                },
                "today": today.isoformat(),
                "min_date": (tandem.date_start or today).isoformat(),
                "note_max_length": NOTE_MAX_LENGTH,
                "error": error,
            }
        )
        return request.render("kuemmerer_addon.portal_tandem_visit", values)

    def _kuemmerer_parse_visit(self, form):
        """Values of a visit from the form's text, or a German error."""
        env = request.env
        try:
            day = date.fromisoformat(form["date"].strip())
        except ValueError:
            return None, env._("Please enter the day of the visit (e.g. 24.11.2026).")
        hours = self._kuemmerer_parse_hours(form["hours"])
        if hours is None:
            return None, env._(
                "Please enter the hours as a number, e.g. 1.5 or 1:30 for an hour and "
                "a half."
            )
        km_text = form["km"].strip() or "0"
        if not NUMBER_RE.match(km_text):
            return None, env._(
                "Please enter the kilometres as a number, e.g. 4 or 12.5."
            )
        note = form["note"].strip()
        if len(note) > NOTE_MAX_LENGTH:
            return None, env._(
                "The note is too long. Please write at most %(count)s characters.",
                count=NOTE_MAX_LENGTH,
            )
        if HTML_RE.search(note):
            return None, env._(
                "Please write the note as plain text, without angle brackets or "
                "formatting codes."
            )
        return {
            "date": day,
            "hours": hours,
            "km": float(km_text.replace(",", ".")),
            "note": note,
        }, None

    @staticmethod
    def _kuemmerer_parse_hours(text):
        match = HOURS_RE.match((text or "").strip())
        if not match:
            return None
        whole, minutes, fraction = match.groups()
        if minutes is not None:
            if int(minutes) >= 60:
                return None
            return int(whole) + int(minutes) / 60
        if fraction is not None:
            return float(f"{whole}.{fraction}")
        return float(whole)

    @staticmethod
    def _kuemmerer_month_start(day):
        return date(day.year, day.month, 1)

    @staticmethod
    def _kuemmerer_parse_month(text):
        match = MONTH_RE.match(text) if isinstance(text, str) else None
        if (
            not match
            or not 1 <= int(match.group(2)) <= 12
            or int(match.group(1)) < 2000
        ):
            return None
        return date(int(match.group(1)), int(match.group(2)), 1)

    def _kuemmerer_message(self, code):
        if code == "asked":
            return request.env._(
                "Thank you for your question! Your Kümmerer has received it and will "
                "get back to you."
            )
        return super()._kuemmerer_message(code)

    def _kuemmerer_tandem_message(self, code):
        env = request.env
        return {
            "logged": env._("Thank you! Your visit has been logged."),
        }.get(code if isinstance(code, str) else None)
