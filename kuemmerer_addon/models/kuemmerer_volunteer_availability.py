# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class KuemmererVolunteerAvailability(models.Model):
    _name = "kuemmerer.volunteer.availability"
    _description = "Availability of a Volunteer"
    _order = "partner_id, weekday, hour_from"

    partner_id = fields.Many2one(
        "res.partner", string="Volunteer", required=True, ondelete="cascade", index=True
    )
    weekday = fields.Selection(WEEKDAYS, required=True, default="0", index=True)
    hour_from = fields.Float(string="From", required=True, default=9.0)
    hour_to = fields.Float(string="Until", required=True, default=12.0)
    note = fields.Char(help="e.g. only every other week, not in the school holidays")

    @api.constrains("hour_from", "hour_to")
    def _check_hours(self):
        for slot in self:
            if not (0 <= slot.hour_from < slot.hour_to <= 24):
                raise ValidationError(
                    self.env._(
                        "Please enter a time span within one day, the start before "
                        "the end "
                        "(e.g. from 09:00 to 12:00)."
                    )
                )
