# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import api, fields, models
from odoo.tools.misc import clean_context

from ..const import CASEWORK, STAFF

# Odoo's own templates (they list every attendee) and what a resident of a
# neighbourhood event gets instead
MAIL_KINDS = {
    "calendar.calendar_template_meeting_invitation": "invitation",
    "calendar.calendar_template_meeting_changedate": "changed",
    "calendar.calendar_template_meeting_reminder": "reminder",
}


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    kuemmerer_attendance = fields.Selection(
        [("present", "Present"), ("absent", "Absent")],
        string="Attendance",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups=STAFF,
    )
    kuemmerer_invited_by = fields.Selection(
        [("email", "E-mail"), ("letter", "Letter"), ("none", "Not invited")],
        string="Invited by",
        compute="_compute_kuemmerer_invited_by",
        groups=CASEWORK,  # e-mail: the resident consented to invitations
        help="How a resident was invited to a neighbourhood event: e-mail (an address "
        "and the "
        "consent to invitations), letter, or not at all (came along, or added by "
        "hand).",
    )
    kuemmerer_reply = fields.Selection(
        [
            ("yes", "Will Come"),
            ("no", "Will Not Come"),
            ("maybe", "Maybe"),
            ("open", "No Reply Yet"),
        ],
        string="Reply",
        compute="_compute_kuemmerer_reply",
    )
    kuemmerer_contact_id = fields.Many2one(
        "kuemmerer.contact",
        string="Logged Contact",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
        groups=CASEWORK,
    )

    @api.depends("state")
    def _compute_kuemmerer_reply(self):
        replies = {"accepted": "yes", "declined": "no", "tentative": "maybe"}
        for attendee in self:
            attendee.kuemmerer_reply = replies.get(attendee.state, "open")

    @api.depends("partner_id.email", "event_id.kuemmerer_letter_partner_ids")
    def _compute_kuemmerer_invited_by(self):
        # the rule of the invitation e-mail (_kuemmerer_send_neighbourhood_mail)
        consented = self.env["kuemmerer.consent"]._kuemmerer_consented(
            self.partner_id, "event_invitations"
        )
        for attendee in self:
            partner = attendee.partner_id
            if not (attendee.event_id.is_neighbourhood_event and partner.is_resident):
                attendee.kuemmerer_invited_by = False
            elif partner in attendee.event_id.kuemmerer_letter_partner_ids:
                attendee.kuemmerer_invited_by = "letter"
            elif attendee.email and partner in consented:
                attendee.kuemmerer_invited_by = "email"
            else:
                attendee.kuemmerer_invited_by = "none"

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_kuemmerer_mark_present(self):
        self.event_id._kuemmerer_check_neighbourhood()
        self.event_id._kuemmerer_check_started()
        self._kuemmerer_set_attendance("present")
        return True

    def action_kuemmerer_mark_absent(self):
        self.event_id._kuemmerer_check_neighbourhood()
        self.event_id._kuemmerer_check_started()
        self._kuemmerer_set_attendance("absent")
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kuemmerer_set_attendance(self, attendance):
        """Mark ``self`` present or absent. A present resident gets one
        contact log entry (channel ``event``), which moves their last contact;
        marking them absent again removes that entry."""
        if not self:
            return
        # recording attendance writes the contact log: casework, of who may
        # change the event
        Contact = self.env["kuemmerer.contact"]
        Contact.check_access("create")
        self.event_id._kuemmerer_check_can_edit()
        attendees = self.sudo()
        if attendance == "present":
            now = fields.Datetime.now()
            todo = attendees.filtered(
                lambda a: not a.kuemmerer_contact_id and a.partner_id.is_resident
            )
            contacts = Contact.sudo().create(
                [
                    {
                        "partner_id": attendee.partner_id.id,
                        "date": min(attendee.event_id.start, now),
                        "channel": "event",
                        # recorded by the user, or by the organizer when loaded as data
                        "user_id": (
                            (attendee.event_id.user_id.id or self.env.uid)
                            if self.env.is_superuser()
                            else self.env.uid
                        ),
                        "summary": self.env._(
                            "Took part in the neighbourhood event %(event)s.",
                            event=attendee.event_id.name,
                        ),
                    }
                    for attendee in todo
                ]
            )
            for attendee, contact in zip(todo, contacts, strict=False):
                attendee.kuemmerer_contact_id = contact
        else:
            attendees.kuemmerer_contact_id.unlink()
        self.write({"kuemmerer_attendance": attendance})

    def _subscribe_partner(self):
        # Residents do not follow a neighbourhood event: as followers they
        # would receive its chatter, and be listed to each other.
        others = self.filtered(
            lambda a: not (
                a.event_id.is_neighbourhood_event and a.partner_id.is_resident
            )
        )
        return super(CalendarAttendee, others)._subscribe_partner()

    # ------------------------------------------------------------
    # MAILING
    # ------------------------------------------------------------

    def _send_mail_to_attendees(self, mail_template, force_send=False):
        neighbourhood = self.filtered(lambda a: a.event_id.is_neighbourhood_event)
        result = False
        if self - neighbourhood:
            result = super(
                CalendarAttendee, self - neighbourhood
            )._send_mail_to_attendees(mail_template, force_send=force_send)
        if neighbourhood:
            neighbourhood._kuemmerer_send_neighbourhood_mail(
                mail_template, force_send=force_send
            )
        return result

    def _kuemmerer_mail_kind(self, mail_template):
        for xmlid, kind in MAIL_KINDS.items():
            if mail_template and mail_template == self.env.ref(
                xmlid, raise_if_not_found=False
            ):
                return kind
        return "invitation"

    def _kuemmerer_send_neighbourhood_mail(self, mail_template, force_send=False):
        """Like Odoo's invitation e-mail, but for residents of a neighbourhood
        event: only to those with an e-mail address and the consent to
        ``event_invitations``, with our own template and an .ics that name no
        other attendee."""
        if self.env["ir.config_parameter"].sudo().get_param("calendar.block_mail") or (
            self.env.context.get("no_mail_to_attendees")
        ):
            return False
        template = self.env.ref(
            "kuemmerer_addon.mail_template_neighbourhood_invitation",
            raise_if_not_found=False,
        )
        if not template:
            return False
        template = template.with_context(
            kuemmerer_mail_kind=self._kuemmerer_mail_kind(mail_template)
        )
        consented = self.env["kuemmerer.consent"]._kuemmerer_consented(
            self.partner_id, "event_invitations"
        )
        recipients = self.filtered(
            lambda a: (
                a.email
                and a.partner_id in consented
                and not a.event_id._skip_send_mail_status_update()
                and a._should_notify_attendee()
            )
        )
        messages = self.env["mail.message"]
        for attendee in recipients:
            messages += attendee._kuemmerer_notify_neighbourhood(template)
        limit = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("mail.mail_force_send_limit", 100)
        )
        if force_send and len(recipients) < limit:
            messages.sudo().mail_ids.send_after_commit()
        return True

    def _kuemmerer_notify_neighbourhood(self, template):
        """The invitation to one resident: rendered in their language, with
        the .ics naming only them; returns the message."""
        self.ensure_one()
        event = self.event_id
        attachment_ids = []
        ics_file = (
            event.with_context(kuemmerer_ics_attendee_id=self.id)
            ._get_ics_file()
            .get(event.id)
        )
        if ics_file:
            attachment_ids = (
                self.env["ir.attachment"]
                .with_context(clean_context(self.env.context), no_document=True)
                .create(
                    {
                        "datas": base64.b64encode(ics_file),
                        "description": "invitation.ics",
                        "mimetype": "text/calendar",
                        "res_id": 0,
                        "res_model": "mail.compose.message",
                        "name": "invitation.ics",
                    }
                )
                .ids
            )
        body = template._render_field("body_html", self.ids, compute_lang=True)[self.id]
        subject = template._render_field("subject", self.ids, compute_lang=True)[
            self.id
        ]
        return (
            event.with_context(no_document=True)
            .sudo()
            .message_notify(
                email_from=event.user_id.email_formatted
                or self.env.user.email_formatted,
                author_id=event.user_id.partner_id.id or self.env.user.partner_id.id,
                body=body,
                subject=subject,
                partner_ids=self.partner_id.ids,
                email_layout_xmlid="mail.mail_notification_light",
                attachment_ids=attachment_ids,
                force_send=False,
            )
        )
