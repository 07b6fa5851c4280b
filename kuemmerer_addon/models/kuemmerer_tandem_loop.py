# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The loop between volunteers and their Kümmerer: volunteers are told what
is given to them; the Kümmerer hears what volunteers report."""

from markupsafe import Markup, escape

from odoo import api, models
from odoo.tools import plaintext2html


class KuemmererTandemLoop(models.AbstractModel):
    _name = "kuemmerer.tandem.loop"
    _description = "Volunteer Loop"

    @api.model
    def _tandem_assigned(self, tandem):
        """Tell the volunteer by e-mail (and in the tandem's chatter) that the
        tandem has begun. Only what the volunteer needs: the resident's name
        (the resident agreed to share it: activation asks for it), whom to
        call, and where to log visits."""
        tandem = tandem.sudo()
        volunteer = tandem.volunteer_id
        if not volunteer.email:
            return False
        lang = volunteer.lang or self.env.user.lang
        _ = self.with_context(lang=lang).env._
        url = f"{tandem.get_base_url()}/my/kuemmerer/tandems"
        paragraphs = [
            _("Hello %(name)s,", name=volunteer.name),
            _(
                "your tandem with %(resident)s has begun. Thank you for your help!",
                resident=tandem.resident_id.name,
            ),
            _(
                "Please log each visit with date, hours and kilometres on your page: "
                "%(url)s",
                url=url,
            ),
            _(
                "If you have a question, please call %(kuemmerer)s.",
                kuemmerer=tandem.user_id.name,
            ),
        ]
        body = Markup("").join(
            Markup("<p>%s</p>") % escape(text) for text in paragraphs
        )
        tandem.with_context(mail_post_autofollow=False).message_post(
            body=body,
            subject=_(
                "Your tandem with %(resident)s", resident=tandem.resident_id.name
            ),
            partner_ids=volunteer.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
        )
        return True

    @api.model
    def _shift_cancelled(self, registration):
        """A volunteer cancelled on the portal: an activity on the shift for
        its coordinator, who may need to find someone else."""
        registration = registration.sudo()
        shift = registration.shift_id
        user = shift.user_id or shift.quarter_id.manager_id
        if not user:
            user = self.env["kuemmerer.tools"]._fallback_coordinator()
        if not user:
            return False
        Activity = self.env["kuemmerer.activity"]
        _ = Activity._kuemmerer_lang(user)
        Activity._kuemmerer_schedule(
            [
                {
                    "record": shift,
                    "user_id": user.id,
                    "summary": _(
                        "Cancelled: %(name)s", name=registration.partner_id.name
                    ),
                    "note": plaintext2html(
                        _(
                            "%(name)s cancelled their registration for this shift on "
                            "the portal. "
                            "%(free)s seat(s) are free now.",
                            name=registration.partner_id.name,
                            free=shift.seats_available if shift.seats_max else "-",
                        )
                    ),
                }
            ]
        )
        return True

    @api.model
    def _steps_assigned(self, steps):
        """Tell each volunteer by e-mail that a task was given to them: its
        name and where to find it, nothing of the need (the portal shows what
        the resident's consent allows)."""
        steps = steps.sudo().filtered(
            lambda s: s.volunteer_id.email
            and s.state in ("todo", "waiting")
            and s.step_type == "volunteer"
        )
        mails = []
        for step in steps:
            volunteer = step.volunteer_id
            _ = self.with_context(lang=volunteer.lang or self.env.user.lang).env._
            url = f"{step.get_base_url()}/my/kuemmerer/tasks"
            paragraphs = [
                _("Hello %(name)s,", name=volunteer.name),
                _("a new task has been given to you: %(task)s", task=step.name),
                _(
                    "You find it with everything you need on your page: %(url)s",
                    url=url,
                ),
                _("Thank you for your help!"),
            ]
            mails.append(
                {
                    "subject": _("A new task for you: %(task)s", task=step.name),
                    "body_html": Markup("").join(
                        Markup("<p>%s</p>") % escape(t) for t in paragraphs
                    ),
                    "recipient_ids": [(4, volunteer.id)],
                    "email_from": (step.user_id or self.env.user).email_formatted
                    or self.env.company.email_formatted,
                    "auto_delete": True,
                }
            )
        return self.env["mail.mail"].sudo().create(mails)

    @api.model
    def _portal_question(self, step, partner, question):
        """A volunteer's question about a task (portal, after the access
        check): a note in the need's chatter and an activity for whom the
        step belongs to. The volunteer sees neither."""
        step = step.sudo()
        need = step.need_id
        user = step.user_id or need.user_id or step.quarter_id.manager_id
        if not user:
            user = self.env["kuemmerer.tools"]._fallback_coordinator()
        body = Markup("<p>%s</p><p>%s</p>") % (
            self.env._(
                "Question of %(name)s about the task “%(task)s” (portal):",
                name=partner.name,
                task=step.name,
            ),
            question,
        )
        need.message_post(
            body=body, message_type="comment", subtype_xmlid="mail.mt_note"
        )
        if user:
            Activity = self.env["kuemmerer.activity"]
            _ = Activity._kuemmerer_lang(user)
            Activity._kuemmerer_schedule(
                [
                    {
                        "record": need,
                        "user_id": user.id,
                        "summary": _("Question of %(name)s", name=partner.name),
                        "note": plaintext2html(
                            _(
                                "%(name)s asked a question about the task “%(task)s” "
                                "on the "
                                "portal. It is in the chatter of the need. Please "
                                "call them back.",
                                name=partner.name,
                                task=step.name,
                            )
                        ),
                    }
                ]
            )
        return True
