# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KuemmererQualification(models.Model):
    """A qualification of volunteers (basic course, declaration of
    confidentiality, first aid, extended police certificate), valid for a
    number of months; a programme may require some."""

    _name = "kuemmerer.qualification"
    _description = "Volunteer Qualification"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    validity_months = fields.Integer(
        string="Valid for (months)", help="0 = does not expire."
    )
    programme_ids = fields.Many2many(
        "kuemmerer.programme",
        "kuemmerer_programme_qualification_rel",
        "qualification_id",
        "programme_id",
        string="Required in Programmes",
    )

    @api.constrains("validity_months")
    def _check_validity_months(self):
        if any(not 0 <= q.validity_months <= 600 for q in self):
            raise ValidationError(
                self.env._("Please enter the validity in months between 0 and 600.")
            )


class KuemmererVolunteerQualification(models.Model):
    _name = "kuemmerer.volunteer.qualification"
    _description = "Qualification of a Volunteer"
    _order = "partner_id, qualification_id, date desc, id desc"
    _rec_name = "qualification_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Volunteer",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("is_volunteer", "=", True)],
    )
    qualification_id = fields.Many2one(
        "kuemmerer.qualification",
        string="Qualification",
        required=True,
        ondelete="restrict",
    )
    date = fields.Date(
        string="Obtained on", required=True, default=fields.Date.context_today
    )
    date_expiry = fields.Date(
        string="Valid until",
        compute="_compute_date_expiry",
        store=True,
        readonly=False,
        index=True,
        help="Empty: does not expire.",
    )
    is_valid = fields.Boolean(compute="_compute_is_valid")

    @api.depends("date", "qualification_id.validity_months")
    def _compute_date_expiry(self):
        for record in self:
            months = record.qualification_id.validity_months
            record.date_expiry = (
                record.date + relativedelta(months=months)
                if record.date and months
                else False
            )

    @api.depends("date_expiry")
    @api.depends_context("uid")
    def _compute_is_valid(self):
        today = fields.Date.context_today(self)
        for record in self:
            record.is_valid = not record.date_expiry or record.date_expiry > today

    @api.constrains("date", "date_expiry")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for record in self:
            if record.date > today:
                raise ValidationError(
                    self.env._("A qualification cannot be obtained in the future.")
                )
            if record.date_expiry and record.date_expiry < record.date:
                raise ValidationError(
                    self.env._("A qualification cannot expire before it was obtained.")
                )

    @api.model
    def _kuemmerer_missing_texts(self, volunteer, programme):
        """Why ``volunteer`` lacks a qualification ``programme`` requires."""
        required = programme.sudo().qualification_ids
        if not required:
            return []
        today = fields.Date.context_today(self)
        held = self.sudo().search(
            [
                ("partner_id", "=", volunteer.id),
                ("qualification_id", "in", required.ids),
                "|",
                ("date_expiry", "=", False),
                ("date_expiry", ">", today),
            ]
        )
        texts = []
        for qualification in required - held.qualification_id:
            texts.append(
                self.env._(
                    "The programme %(programme)s requires the qualification “%(name)s”; "
                    "%(volunteer)s has none that is valid. Please record it first.",
                    programme=programme.name,
                    name=qualification.name,
                    volunteer=volunteer.name,
                )
            )
        return texts
