# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The shift's calendar event: created on publishing, with the coordinator and
the registered volunteers as attendees, and its invitations and .ics, which
name no other volunteer."""

from datetime import datetime

from odoo import Command, fields, models
from odoo.tools import html2plaintext, is_html_empty

try:
    import vobject
except ImportError:  # pragma: no cover - vobject is a dependency of calendar
    vobject = None


class KuemmererShiftCalendar(models.AbstractModel):
    """Inherited by ``kuemmerer.shift`` (field ``calendar_event_id``)."""

    _name = "kuemmerer.shift.calendar"
    _inherit = ["kuemmerer.calendar.linked"]
    _description = "Shift Calendar Event"

    def _kuemmerer_event_values(self):
        self.ensure_one()
        description = (
            html2plaintext(self.description)
            if not is_html_empty(self.description)
            else ""
        )
        return {
            "name": self.name,
            "start": self.date_begin,
            "stop": self.date_end,
            "allday": False,
            "location": self.location or self.quarter_id.name,
            "description": description,
            "user_id": self.user_id.id,
            "privacy": "public",
            "show_as": "busy",
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "alarm_ids": [
                Command.set(
                    self.env.ref("kuemmerer_addon.calendar_alarm_shift_reminder").ids
                )
            ],
        }

    def _kuemmerer_sync_event(self):
        """The calendar event of each published shift: created on publishing,
        updated on changes; attendees are the coordinator and the registered
        volunteers. Odoo's own invitation is not sent: it lists all attendees,
        and volunteers must not see each other's names (see _kuemmerer_notify)."""
        Event = (
            self.env["calendar.event"]
            .sudo()
            .with_context(
                no_mail_to_attendees=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
            )
        )
        to_create, create_values = self.browse(), []
        for shift in self:
            partners = (
                shift.user_id.partner_id
                | shift._kuemmerer_active_registrations().partner_id
            )
            values = shift._kuemmerer_event_values()
            values["partner_ids"] = [Command.set(partners.ids)]
            event = shift.calendar_event_id.sudo().with_env(Event.env)
            if event:
                if not event.active:
                    event.action_unarchive()
                event.write(values)
            else:
                to_create |= shift
                create_values.append(values)
        # a published series: its events in one batch
        for shift, event in zip(to_create, Event.create(create_values), strict=False):
            shift.sudo().calendar_event_id = event

    def _kuemmerer_event_add(self, partners):
        self.ensure_one()
        event = self.calendar_event_id.sudo()
        if not event or not partners:
            return
        new = partners - event.partner_ids
        if new:
            event.with_context(no_mail_to_attendees=True).write(
                {"partner_ids": [Command.link(partner.id) for partner in new]}
            )
        self._kuemmerer_notify(
            partners, "kuemmerer_addon.mail_template_shift_invitation"
        )

    def _kuemmerer_event_remove(self, partners):
        self.ensure_one()
        event = self.calendar_event_id.sudo()
        if not event or not partners:
            return
        self._kuemmerer_notify(
            partners,
            "kuemmerer_addon.mail_template_shift_registration_cancelled",
            kuemmerer_ics_cancel=True,
        )
        event.with_context(no_mail_to_attendees=True).write(
            {"partner_ids": [Command.unlink(partner.id) for partner in partners]}
        )

    def _kuemmerer_notify(self, partners, template_xmlid, **context):
        """E-mail to each of ``partners`` (attendees of the shift's event) with
        the event as .ics, through Odoo's calendar mailing, with our own
        template that names no other volunteer; the .ics leaves out the
        attendees too (see calendar.event._get_ics_file)."""
        self.ensure_one()
        event = self.calendar_event_id.sudo()
        if not event or not partners:
            return
        attendees = event.attendee_ids.filtered(lambda a: a.partner_id in partners)
        # the template renders with its own context (wording), the attendees
        # with theirs (.ics)
        template = self.env.ref(template_xmlid).with_context(**context)
        attendees.with_context(
            mail_notify_author=True, **context
        )._send_mail_to_attendees(template, force_send=True)

    def _kuemmerer_ics(self):
        """The .ics of the shift for the volunteer to download."""
        self.ensure_one()
        event = self.calendar_event_id.sudo()
        if not event:
            return False
        return event._get_ics_file().get(event.id)

    def _kuemmerer_event_ics(self, event, ics):
        """The shift's .ics names no attendee at all and keeps one UID for
        invitation, change and cancellation."""
        ics = super()._kuemmerer_event_ics(event, ics)
        calendar = vobject.readOne(ics.decode())
        vevent = calendar.vevent
        event._kuemmerer_fix_alarms(vevent)
        vevent.contents.pop("attendee", None)
        vevent.contents.pop("uid", None)
        uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")
        vevent.add("uid").value = f"kuemmerer-shift-{self.id}-{event.id}@{uuid}"
        # the same UID for invitation, change and cancellation: a rising
        # SEQUENCE (seconds since 2024) tells calendar apps which is newest
        vevent.contents.pop("sequence", None)
        vevent.add("sequence").value = str(
            int((fields.Datetime.now() - datetime(2024, 1, 1)).total_seconds())
        )
        if self.env.context.get("kuemmerer_ics_cancel"):
            calendar.add("method").value = "CANCEL"
            vevent.add("status").value = "CANCELLED"
        else:
            calendar.add("method").value = "PUBLISH"
        return calendar.serialize().encode("utf-8")
