# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import plaintext2html

# the volunteer's coordinator is reminded this many days before an expiry
EXPIRY_NOTICE_DAYS = 30


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
    expiry_activity_id = fields.Many2one(
        "mail.activity",
        string="Reminder",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The activity that asks for a renewal, once scheduled.",
    )
    expiry_notified = fields.Boolean(readonly=True, copy=False)

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

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._kuemmerer_close_reminders()
        self.env["kuemmerer.volunteer"]._check_police_certificate(
            records._kuemmerer_police_partners()
        )
        return records

    def write(self, vals):
        partners = self.partner_id
        res = super().write(vals)
        if {"partner_id", "qualification_id", "date", "date_expiry"} & set(vals):
            # the activity asking for a police certificate opens or closes
            self.env["kuemmerer.volunteer"]._check_police_certificate(
                partners | self.partner_id
            )
        return res

    def unlink(self):
        partners = self._kuemmerer_police_partners()
        res = super().unlink()
        self.env["kuemmerer.volunteer"]._check_police_certificate(partners)
        return res

    def _kuemmerer_police_partners(self):
        police = self.env["kuemmerer.volunteer"]._police_qualification()
        return self.filtered(lambda r: r.qualification_id == police).partner_id

    def _kuemmerer_close_reminders(self):
        """A renewal recorded: the reminders about the older ones are done."""
        today = fields.Date.context_today(self)
        valid = self.filtered(lambda r: not r.date_expiry or r.date_expiry > today)
        if not valid:
            return
        older = self.sudo().search(
            [
                ("id", "not in", valid.ids),
                ("partner_id", "in", valid.partner_id.ids),
                ("qualification_id", "in", valid.qualification_id.ids),
                ("expiry_activity_id", "!=", False),
            ]
        )
        keys = {(r.partner_id.id, r.qualification_id.id) for r in valid}
        done = older.filtered(
            lambda r: (r.partner_id.id, r.qualification_id.id) in keys
        )
        if done.expiry_activity_id:
            self.env["kuemmerer.activity"]._kuemmerer_done(
                done.expiry_activity_id,
                feedback=self.env._("The renewed qualification has been recorded."),
            )

    @api.model
    def _cron_expiry(self, batch_size=500):
        """Daily: an activity for the volunteer's coordinator when a
        qualification of an active volunteer expires within
        EXPIRY_NOTICE_DAYS, once per qualification (marked in the same
        transaction); none when it was renewed already."""
        today = fields.Date.context_today(self)
        domain = [
            ("expiry_notified", "=", False),
            ("date_expiry", "!=", False),
            ("date_expiry", "<=", today + relativedelta(days=EXPIRY_NOTICE_DAYS)),
            ("partner_id.is_volunteer", "=", True),
            ("partner_id.volunteer_state", "=", "active"),
        ]
        records = self.sudo().search(domain, limit=batch_size)
        if not records:
            return
        renewed = self.sudo().search(
            [
                ("id", "not in", records.ids),
                ("partner_id", "in", records.partner_id.ids),
                ("qualification_id", "in", records.qualification_id.ids),
                "|",
                ("date_expiry", "=", False),
                ("date_expiry", ">", today + relativedelta(days=EXPIRY_NOTICE_DAYS)),
            ]
        )
        renewed_keys = {(r.partner_id.id, r.qualification_id.id) for r in renewed}
        todo = records.filtered(
            lambda r: (r.partner_id.id, r.qualification_id.id) not in renewed_keys
        )
        Activity = self.env["kuemmerer.activity"]
        Volunteer = self.env["kuemmerer.volunteer"]
        fallback = self.env["kuemmerer.tools"]._fallback_coordinator()
        vals_list = []
        for record in todo:
            user = Volunteer._coordinator(record.partner_id, fallback)
            _ = Activity._kuemmerer_lang(user)
            vals_list.append(
                {
                    "record": record.partner_id,
                    "user_id": user.id,
                    "date_deadline": min(
                        record.date_expiry, today + relativedelta(days=7)
                    ),
                    "summary": _(
                        "Renew: %(qualification)s",
                        qualification=record.qualification_id.name,
                    ),
                    "note": plaintext2html(
                        _(
                            "The qualification “%(qualification)s” of this volunteer "
                            "expires on "
                            "%(date)s. Please ask for a renewal and record it.",
                            qualification=record.qualification_id.name,
                            date=record.date_expiry.strftime("%d.%m.%Y"),
                        )
                    ),
                }
            )
        activities = Activity._kuemmerer_schedule(vals_list, automatic=True)
        for record, activity in zip(todo, activities, strict=True):
            record.expiry_activity_id = activity
        records.write({"expiry_notified": True})
        remaining = self.sudo().search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(records), remaining=remaining)

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
                    "The programme %(programme)s requires the qualification "
                    "“%(name)s”; "
                    "%(volunteer)s has none that is valid. Please record it first.",
                    programme=programme.name,
                    name=qualification.name,
                    volunteer=volunteer.name,
                )
            )
        return texts
