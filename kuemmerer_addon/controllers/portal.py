# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The volunteer portal: what its pages share. The shifts are in
``portal_shifts.py``, the tasks (help steps) in ``portal_tasks.py``."""

import re

import pytz

from odoo import fields
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..const import DEFAULT_TZ

# ids beyond PostgreSQL's integer are simply not found
MAX_ID = 2**31 - 1
# markup in what a visitor typed: refused in plain-text answers
HTML_RE = re.compile(r"<\s*[a-zA-Z!/?][^>]*>|&[a-zA-Z#0-9]+;")
PHONE_CHARS_RE = re.compile(r"[^0-9+]")


class KuemmererPortal(CustomerPortal):
    """The volunteer portal: shifts and help steps.

    Every route checks access first, as the volunteer: shifts and
    registrations through their record rules (``_document_check_access``,
    ``search``); help steps, on which volunteers have no ORM access at all
    (their fields name the resident), through ``kuemmerer.volunteer``'s
    ``_portal_steps``. Only then is the superuser used, and
    only whitelisted values reach the templates. Foreign and missing ids are
    answered alike with 404.

    Every ``CustomerPortal`` subclass of every installed app is merged into one
    controller, by method name: our route methods start with ``kuemmerer_`` and
    the volunteer's tasks live under ``/my/kuemmerer/tasks``, so that Project's
    ``portal_my_tasks`` at ``/my/tasks`` and ours never shadow each other.
    """

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
                request.env["kuemmerer.volunteer"]._portal_step_count(partner)
                if partner
                else 0
            )
        return values

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

    def _kuemmerer_registration_domain(self, partner):
        return [
            ("partner_id", "=", partner.id if partner else 0),
            ("state", "=", "registered"),
            ("shift_id.state", "in", ("published", "cancelled")),
            ("shift_id.date_end", ">=", fields.Datetime.now()),
        ]

    def _kuemmerer_tz(self):
        return pytz.timezone(request.env.user.tz or DEFAULT_TZ)

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
            "phone_href": "tel:{}".format(
                PHONE_CHARS_RE.sub("", phone or office_phone)
            ),
            # the person has no phone of their own: say whose number it is
            "office_label": request.env._("Office (%(company)s):", company=company.name)
            if office_phone and user
            else "",
            "email": email or office_email,
        }

    def _kuemmerer_error(self, code):
        """Refusal after a redirect: only known codes, never echoed input."""
        if code == "full":
            return request.env._(
                "All seats for this shift are taken. Please choose another date."
            )
        return None

    def _kuemmerer_message(self, code):
        """Confirmation after a redirect: only known codes, never echoed input."""
        env = request.env
        return {
            "registered": env._(
                "You are registered. You will receive an e-mail with the date for "
                "your calendar."
            ),
            "cancelled": env._("Your registration has been cancelled."),
            "reported": env._(
                "Thank you for your report! Your Kümmerer has been informed."
            ),
            "reported_failed": env._(
                "Thank you for telling us. Your Kümmerer has been informed and will "
                "decide "
                "how to go on."
            ),
        }.get(code if isinstance(code, str) else None)
