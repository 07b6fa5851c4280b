# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The loop between volunteers and their Kümmerer: volunteers are told what
is given to them; the Kümmerer hears what volunteers report."""

from markupsafe import Markup, escape

from odoo import api, models


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
        url = "%s/my/kuemmerer/tandems" % tandem.get_base_url()
        paragraphs = [
            _("Hello %(name)s,", name=volunteer.name),
            _(
                "your tandem with %(resident)s has begun. Thank you for your help!",
                resident=tandem.resident_id.name,
            ),
            _(
                "Please log each visit with date, hours and kilometres on your page: %(url)s",
                url=url,
            ),
            _(
                "If you have a question, please call %(kuemmerer)s.",
                kuemmerer=tandem.user_id.name,
            ),
        ]
        body = Markup("").join(Markup("<p>%s</p>") % escape(text) for text in paragraphs)
        tandem.with_context(mail_post_autofollow=False).message_post(
            body=body,
            subject=_("Your tandem with %(resident)s", resident=tandem.resident_id.name),
            partner_ids=volunteer.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
        )
        return True
