# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The volunteer portal: the help steps assigned to the volunteer, and their
report back."""

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools.misc import format_date

from .portal import HTML_RE, MAX_ID, PHONE_CHARS_RE, KuemmererPortal

# a report back: a few sentences, never a document
REPORT_MAX_LENGTH = 4000
# what a volunteer may answer about a task
REPORT_RESULTS = ("done", "failed")


class KuemmererTaskPortal(KuemmererPortal):
    """Tasks: volunteers have no ORM access to help steps (their fields name
    the resident); ``kuemmerer.volunteer._portal_steps`` is their access rule."""

    # ------------------------------------------------------------
    # ROUTES
    # ------------------------------------------------------------

    @http.route(
        ["/my/kuemmerer/tasks"], type="http", auth="user", website=True, readonly=True
    )
    def kuemmerer_portal_my_tasks(self, **kw):
        return self._kuemmerer_render_tasks(
            message=self._kuemmerer_message(kw.get("message"))
        )

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
        step_sudo = request.env["kuemmerer.volunteer"]._portal_steps(
            partner, step_id=step_id
        )
        if not step_sudo:
            return request.not_found()
        text = report.strip() if isinstance(report, str) else ""
        failed = result == "failed"
        error = None
        if result not in REPORT_RESULTS:
            error = request.env._(
                "Please tell us whether the task is done or did not work out, with "
                "the buttons "
                "below the text."
            )
        elif not text and failed:
            error = request.env._(
                "Please write in a few words why it did not work out."
            )
        elif not text:
            error = request.env._("Please write a few words about how it went.")
        elif len(text) > REPORT_MAX_LENGTH:
            error = request.env._(
                "Your report is too long. Please write at most %(count)s characters.",
                count=REPORT_MAX_LENGTH,
            )
        elif HTML_RE.search(text):
            error = request.env._(
                "Please write your report as plain text, without angle brackets or "
                "formatting codes."
            )
        if not error:
            try:
                with request.env.cr.savepoint():
                    step_sudo.env["kuemmerer.volunteer"]._portal_report(
                        step_sudo, partner, text, failed=failed
                    )
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
            "/my/kuemmerer/tasks?message=%s"
            % ("reported_failed" if failed else "reported")
        )

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _kuemmerer_render_tasks(
        self, message=None, error=None, error_step_id=None, report=""
    ):
        values = self._prepare_portal_layout_values()
        partner = self._kuemmerer_volunteer()
        steps = request.env["kuemmerer.help.step"]
        if partner:
            steps = request.env["kuemmerer.volunteer"]._portal_steps(partner)
        cards = self._kuemmerer_task_cards(steps)
        for card in cards:
            if card["id"] == error_step_id:
                card.update(error=error, report=report)
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

    def _kuemmerer_task_cards(self, steps):
        """Whitelisted values of the help steps (``steps`` is sudo): the
        resident's name, address and phone only with their consent
        ``share_volunteers``."""
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
        steps.quarter_id.manager_id.partner_id.fetch(
            ["name", "phone", "mobile", "email"]
        )
        residents = steps.need_id.partner_id
        consented = request.env["kuemmerer.consent"]._kuemmerer_consented(
            residents, "share_volunteers"
        )
        residents.fetch(["name", "street", "street2", "zip", "city", "phone", "mobile"])
        return [
            {
                "id": step.id,
                "name": step.name,
                "instructions": step.instructions or "",
                "due": step.date_deadline
                and format_date(request.env, step.date_deadline),
                "is_overdue": bool(step.date_deadline)
                and step.date_deadline < fields.Date.context_today(step),
                "is_waiting": step.state == "waiting",
                "resident": step.need_id.partner_id in consented
                and self._kuemmerer_resident_card(step.need_id.partner_id),
                "contact": self._kuemmerer_staff_contact(step.user_id, step.quarter_id),
                "error": None,
                "report": "",
            }
            for step in steps
        ]

    def _kuemmerer_resident_card(self, resident):
        phone = resident.phone or resident.mobile or ""
        return {
            "name": resident.name,
            "street": " ".join(filter(None, [resident.street, resident.street2])),
            "city": " ".join(filter(None, [resident.zip, resident.city])),
            "phone": phone,
            "phone_href": "tel:{}".format(PHONE_CHARS_RE.sub("", phone)),
        }
