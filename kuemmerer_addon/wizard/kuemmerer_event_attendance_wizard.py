# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models

from odoo.addons.calendar.models.calendar_attendee import Attendee


class KuemmererEventAttendanceWizard(models.TransientModel):
    """'Anwesenheit erfassen': who came to a neighbourhood event. Each present
    resident gets a contact log entry (channel ``event``)."""

    _name = "kuemmerer.event.attendance.wizard"
    _description = "Record Attendance of a Neighbourhood Event"

    event_id = fields.Many2one(
        "calendar.event",
        string="Neighbourhood Event",
        required=True,
        ondelete="cascade",
        domain=[("is_neighbourhood_event", "=", True)],
    )
    line_ids = fields.One2many(
        "kuemmerer.event.attendance.wizard.line", "wizard_id", string="Residents"
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        event = self.env["calendar.event"].browse(values.get("event_id"))
        if event and "line_ids" in fields_list:
            lines = [
                Command.create(
                    {
                        "partner_id": attendee.partner_id.id,
                        "invited_by": "email",
                        "response": attendee.state,
                        "present": attendee.kuemmerer_attendance == "present",
                    }
                )
                for attendee in event.attendee_ids
                if attendee.partner_id.is_resident
            ]
            lines += [
                Command.create({"partner_id": partner.id, "invited_by": "letter"})
                for partner in event.kuemmerer_letter_partner_ids
                - event.attendee_ids.partner_id
            ]
            values["line_ids"] = lines
        return values

    def action_confirm(self):
        self.ensure_one()
        lines = self.line_ids.filtered("partner_id")
        present = lines.filtered("present").partner_id
        self.event_id._kuemmerer_record_attendance(present, lines.partner_id - present)
        return {"type": "ir.actions.act_window_close"}


class KuemmererEventAttendanceWizardLine(models.TransientModel):
    _name = "kuemmerer.event.attendance.wizard.line"
    _description = "Record Attendance: Resident"

    wizard_id = fields.Many2one(
        "kuemmerer.event.attendance.wizard", required=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Resident",
        required=True,
        domain=[("is_resident", "=", True)],
    )
    invited_by = fields.Selection(
        [("email", "E-mail"), ("letter", "Letter"), ("walk_in", "Came along")],
        default="walk_in",
        readonly=True,
    )
    response = fields.Selection(Attendee.STATE_SELECTION, readonly=True)
    present = fields.Boolean()
