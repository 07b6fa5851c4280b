# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext, is_html_empty


class ReportEventInvitationLetter(models.AbstractModel):
    """The printed invitation to a neighbourhood event, one page per resident,
    for those without e-mail or without consent to e-mail invitations."""

    _name = "report.kuemmerer_addon.report_event_invitation_letter"
    _description = "Neighbourhood Event: Invitation Letter"

    @api.model
    def _get_report_values(self, docids, data=None):
        event = self.env["calendar.event"].browse((data or {}).get("event_id")).exists()
        if not event or not event.is_neighbourhood_event:
            raise UserError(
                self.env._(
                    "Please print the invitation letters from the neighbourhood event."
                )
            )
        event.check_access("read")
        # the web client leaves the ids out of the URL when the action has
        # data: the letters' recipients come with the data then
        if not docids:
            partner_ids = data.get("partner_ids")
            docids = (
                [pid for pid in partner_ids if isinstance(pid, int)]
                if isinstance(partner_ids, list)
                else []
            )
        partners = self.env["res.partner"].browse(docids).exists()
        if not partners:
            raise UserError(self.env._("Nobody needs a letter this time."))
        partners.check_access("read")
        organizer = event.user_id
        return {
            "doc_ids": partners.ids,
            "doc_model": "res.partner",
            "docs": partners,
            "event": event,
            "when": event._kuemmerer_when_text(),
            "description": ""
            if is_html_empty(event.description)
            else html2plaintext(event.description),
            "organizer": organizer,
            "phone": organizer.partner_id.phone or organizer.company_id.phone or "",
        }
