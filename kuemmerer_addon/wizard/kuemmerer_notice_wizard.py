# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class KuemmererNoticeWizard(models.TransientModel):
    """Stairwell notices (Aushang): one A4 page per building of a quarter,
    large type, for a neighbourhood event or the Kümmerer's office hours,
    with the address of the public form as a QR code."""

    _name = "kuemmerer.notice.wizard"
    _description = "Print Stairwell Notices"

    quarter_id = fields.Many2one(
        "kuemmerer.quarter",
        string="Quarter",
        required=True,
        default=lambda self: self._default_quarter_id(),
    )
    building_ids = fields.Many2many(
        "kuemmerer.building",
        string="Buildings",
        domain="[('quarter_id', '=', quarter_id)]",
        help="Leave empty for one notice per building of the quarter.",
    )
    subject = fields.Selection(
        [("office_hours", "Office hours"), ("event", "Neighbourhood event")],
        string="Notice for",
        required=True,
        default="office_hours",
    )
    event_id = fields.Many2one(
        "calendar.event",
        string="Event",
        domain="[('is_neighbourhood_event', '=', True),"
        " ('quarter_id', '=', quarter_id),"
        " ('start', '>=', context_today().strftime('%Y-%m-%d'))]",
    )
    office_hours_id = fields.Many2one(
        "calendar.event",
        string="Office Hours",
        domain="[('is_office_hours', '=', True), ('quarter_id', '=', quarter_id)]",
    )
    note = fields.Char(
        string="Additional Line", help="E.g. “Coffee and cake are on us.” (optional)"
    )

    def _default_quarter_id(self):
        building = self.env["kuemmerer.building"].browse(
            self.env.context.get("active_ids", [])[:1]
            if self.env.context.get("active_model") == "kuemmerer.building"
            else []
        )
        if building:
            return building.quarter_id.id
        return (
            self.env["kuemmerer.quarter"]
            .search([("user_ids", "in", self.env.uid)], limit=1)
            .id
        )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get(
            "active_model"
        ) == "kuemmerer.building" and "building_ids" in (fields_list):
            values["building_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    @api.onchange("quarter_id")
    def _onchange_quarter_id(self):
        self.building_ids = self.building_ids.filtered(
            lambda building: building.quarter_id == self.quarter_id
        )
        if self.office_hours_id.quarter_id != self.quarter_id:
            self.office_hours_id = self.env["calendar.event"].search(
                [
                    ("is_office_hours", "=", True),
                    ("quarter_id", "=", self.quarter_id.id),
                ],
                order="start desc",
                limit=1,
            )
        if self.event_id.quarter_id != self.quarter_id:
            self.event_id = False

    def action_print(self):
        self.ensure_one()
        buildings = self.building_ids or self.env["kuemmerer.building"].search(
            [("quarter_id", "=", self.quarter_id.id)]
        )
        if not buildings:
            raise UserError(
                self.env._(
                    "%(quarter)s has no buildings yet. Please record them first "
                    "(Residents > Buildings).",
                    quarter=self.quarter_id.display_name,
                )
            )
        event = self.event_id if self.subject == "event" else self.office_hours_id
        if not event:
            raise UserError(
                self.env._("Please choose the neighbourhood event.")
                if self.subject == "event"
                else self.env._(
                    "Please choose the office hours (Neighbourhood > Office Hours)."
                )
            )
        return self.env.ref(
            "kuemmerer_addon.action_report_stairwell_notice"
        ).report_action(
            buildings,
            data={
                "building_ids": buildings.ids,
                "event_id": event.id,
                "subject": self.subject,
                "note": self.note or "",
            },
        )
