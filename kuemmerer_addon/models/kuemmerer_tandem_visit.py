# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

CASEWORK = "kuemmerer_addon.group_kuemmerer_user"
# one visit: more is a typing error
MAX_VISIT_HOURS = 12.0
MAX_VISIT_KM = 300.0
NOTE_MAX_LENGTH = 2000


class KuemmererTandemVisit(models.Model):
    """A visit of the volunteer in a tandem (Begleitung): date, hours,
    kilometres, a short note. Logged by the volunteer on the portal or by the
    Kümmerer for them. Each visit is a contact with the resident: it writes
    one entry of the contact log (``contact_id``), which moves the
    resident's ``last_contact_date`` for the contact radar."""

    _name = "kuemmerer.tandem.visit"
    _inherit = ["kuemmerer.sensitive.mixin"]
    _description = "Tandem Visit"
    _kuemmerer_sensitive_fields = ("note",)
    _kuemmerer_partner_path = "resident_id"
    _order = "date desc, id desc"
    _rec_name = "tandem_id"

    tandem_id = fields.Many2one(
        "kuemmerer.tandem",
        string="Tandem",
        required=True,
        ondelete="restrict",
        index=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    hours = fields.Float(required=True, default=1.0)
    km = fields.Float(string="Kilometres")
    note = fields.Text(groups=CASEWORK)
    # from the tandem, for the record rules and the statements
    resident_id = fields.Many2one(
        related="tandem_id.resident_id", store=True, index=True
    )
    volunteer_id = fields.Many2one(
        related="tandem_id.volunteer_id", store=True, index=True
    )
    quarter_id = fields.Many2one(related="tandem_id.quarter_id", store=True, index=True)
    user_id = fields.Many2one(
        related="tandem_id.user_id",
        store=True,
        index=True,
        string="Responsible Kümmerer",
    )
    programme = fields.Selection(related="tandem_id.programme", store=True, index=True)
    company_id = fields.Many2one(related="tandem_id.company_id", store=True, index=True)
    logged_by_id = fields.Many2one(
        "res.users",
        string="Logged by",
        default=lambda self: self.env.user,
        readonly=True,
    )
    contact_id = fields.Many2one(
        "kuemmerer.contact",
        string="Contact Log Entry",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("date", "hours", "km", "note")
    def _check_values(self):
        today = fields.Date.context_today(self)
        _ = self.env._
        for visit in self.sudo():
            if visit.date > today:
                raise ValidationError(
                    _(
                        "A visit cannot lie in the future. Please log it on the day "
                        "or after."
                    )
                )
            if visit.tandem_id.date_start and visit.date < visit.tandem_id.date_start:
                raise ValidationError(
                    _(
                        "The tandem began on %(date)s. Please log only visits from "
                        "that day.",
                        date=visit.tandem_id.date_start.strftime("%d.%m.%Y"),
                    )
                )
            if not 0 < visit.hours <= MAX_VISIT_HOURS:
                raise ValidationError(
                    _(
                        "Please enter the hours of the visit as a number greater than "
                        "0 and at "
                        "most %(max)s (e.g. 1.5 for an hour and a half).",
                        max=int(MAX_VISIT_HOURS),
                    )
                )
            if not 0 <= visit.km <= MAX_VISIT_KM:
                raise ValidationError(
                    _(
                        "Please enter the kilometres as a number between 0 and "
                        "%(max)s.",
                        max=int(MAX_VISIT_KM),
                    )
                )
            if visit.note and len(visit.note) > NOTE_MAX_LENGTH:
                raise ValidationError(
                    _(
                        "The note is too long. Please write at most %(count)s "
                        "characters.",
                        count=NOTE_MAX_LENGTH,
                    )
                )
        self._kuemmerer_check_month_limits()

    def _kuemmerer_check_month_limits(self):
        """The hours of a month: at most the tandem's limit, and at most the
        programme's limit over all tandems of the volunteer in it."""
        visits = self.sudo()
        if not visits:
            return
        months = {
            (v.tandem_id, v.volunteer_id, v.programme, _month(v.date)) for v in visits
        }
        # Two visits of one volunteer logged at the same moment: each update
        # of the volunteer's row waits for the other transaction; the later
        # one fails with a serialization error (REPEATABLE READ) and Odoo
        # retries it, and the retry counts the hours of the first.
        if visits.volunteer_id:
            self.env.cr.execute(
                SQL(
                    "UPDATE res_partner SET write_date = write_date WHERE id IN %s",
                    tuple(visits.volunteer_id.ids),
                )
            )
        for tandem, volunteer, programme, month in months:
            limit_tandem = tandem._kuemmerer_month_limit()
            limit_programme = tandem.programme_id.hours_month_max
            month_domain = [
                ("date", ">=", month),
                ("date", "<", month + relativedelta(months=1)),
            ]
            hours_tandem, hours_programme = 0.0, 0.0
            groups = self.sudo()._read_group(
                [
                    ("volunteer_id", "=", volunteer.id),
                    ("programme", "=", programme),
                    *month_domain,
                ],
                ["tandem_id"],
                ["hours:sum"],
            )
            for group_tandem, hours in groups:
                hours_programme += hours
                if group_tandem == tandem:
                    hours_tandem = hours
            Tandem = self.env["kuemmerer.tandem"]
            if limit_tandem and hours_tandem > limit_tandem + 1e-6:
                raise ValidationError(
                    self.env._(
                        "With this visit the tandem would have %(hours)s hours in "
                        "%(month)s; "
                        "at most %(max)s hours a month are agreed. Please check the "
                        "hours or "
                        "talk to your Kümmerer.",
                        hours=Tandem._kuemmerer_hours_text(hours_tandem),
                        month=month.strftime("%m/%Y"),
                        max=Tandem._kuemmerer_hours_text(limit_tandem),
                    )
                )
            if limit_programme and hours_programme > limit_programme + 1e-6:
                raise ValidationError(
                    self.env._(
                        "With this visit %(volunteer)s would have %(hours)s hours in "
                        "%(month)s "
                        "in the programme %(programme)s; it allows at most %(max)s "
                        "hours a "
                        "month.",
                        volunteer=volunteer.name,
                        hours=Tandem._kuemmerer_hours_text(hours_programme),
                        month=month.strftime("%m/%Y"),
                        programme=tandem.programme_id.name,
                        max=Tandem._kuemmerer_hours_text(limit_programme),
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        tandem_ids = {vals.get("tandem_id") for vals in vals_list}
        tandems = self.env["kuemmerer.tandem"].browse(tandem_ids - {None, False})
        self._kuemmerer_check_tandems(tandems)
        visits = super().create(vals_list)
        visits._kuemmerer_log_contacts()
        return visits

    def write(self, vals):
        if "tandem_id" in vals:
            raise UserError(
                self.env._(
                    "A visit cannot be moved to another tandem. Please delete it and "
                    "log it again."
                )
            )
        result = super().write(vals)
        if "date" in vals:
            for visit in self.sudo().filtered("contact_id"):
                visit.contact_id.date = visit._kuemmerer_contact_datetime()
        return result

    def unlink(self):
        contacts = self.sudo().contact_id
        result = super().unlink()
        contacts.unlink()
        return result

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kuemmerer_check_tandems(self, tandems):
        """Visits are logged only in active tandems (paused ones: afterwards,
        for the days before the pause)."""
        if any(tandem.sudo().state not in ("active", "paused") for tandem in tandems):
            raise UserError(
                self.env._(
                    "Visits can only be logged in an active tandem. Please activate "
                    "the tandem "
                    "first."
                )
            )

    def _kuemmerer_contact_datetime(self):
        # noon of the day: the contact log holds a time, a visit only a day
        return fields.Datetime.to_datetime(self.date).replace(hour=12)

    def _kuemmerer_log_contacts(self):
        """One contact log entry per visit (as superuser: the volunteer on
        the portal may not write the contact log; the entry is the responsible
        Kümmerer's)."""
        visits = self.sudo()
        if not visits:
            return
        now = fields.Datetime.now()
        contacts = (
            self.env["kuemmerer.contact"]
            .sudo()
            .create(
                [
                    {
                        "partner_id": visit.resident_id.id,
                        "date": min(visit._kuemmerer_contact_datetime(), now),
                        "channel": "other",
                        "user_id": visit.user_id.id,
                        "company_id": visit.company_id.id,
                        "summary": self.env._(
                            "Visit in the tandem with %(volunteer)s (%(hours)s hours).",
                            volunteer=visit.volunteer_id.name,
                            hours=self.env["kuemmerer.tandem"]._kuemmerer_hours_text(
                                visit.hours
                            ),
                        ),
                    }
                    for visit in visits
                ]
            )
        )
        for visit, contact in zip(visits, contacts, strict=False):
            visit.contact_id = contact


def _month(day):
    return date(day.year, day.month, 1)
