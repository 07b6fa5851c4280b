# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..const import CASEWORK, MANAGER, STAFF


class KuemmererQuarter(models.Model):
    _name = "kuemmerer.quarter"
    _description = "Quarter"
    _order = "name"
    _inherit = ["kuemmerer.char.limit.mixin"]
    _rec_names_search = ["name", "code"]
    _kuemmerer_char_limits = {"name": 200, "code": 64}

    name = fields.Char(required=True, translate=False)
    code = fields.Char(
        required=True, help="Short code of the quarter, e.g. for reports and imports."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    user_ids = fields.Many2many(
        "res.users",
        "kuemmerer_quarter_user_rel",
        "quarter_id",
        "user_id",
        string="Responsible Kümmerer",
        domain=lambda self: [("groups_id", "in", self.env.ref(CASEWORK).id)],
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Coordinator",
        help="Receives the escalations of overdue help steps of this quarter.",
        domain=lambda self: [("groups_id", "in", self.env.ref(MANAGER).id)],
    )
    description = fields.Html()
    # the volunteers who help here: their own quarter, or one they help in
    # besides (read in SQL by the volunteers' record rule on shifts)
    partner_ids = fields.One2many(
        "res.partner", "quarter_id", string="People of the Quarter", groups=STAFF
    )
    volunteer_partner_ids = fields.Many2many(
        "res.partner",
        "kuemmerer_partner_volunteer_quarter_rel",
        "quarter_id",
        "partner_id",
        string="Volunteers Helping Here",
        groups=STAFF,
    )
    resident_count = fields.Integer(compute="_compute_resident_count")
    # contact radar and home visits
    contact_interval_days = fields.Integer(
        string="Default Contact Interval (days)",
        default=0,
        help="Residents of this quarter should be contacted at least every so many "
        "days, "
        "unless their own interval is set. 0 = not watched.",
    )
    visit_min_age = fields.Integer(
        string="Home Visit from Age",
        default=75,
        help="Residents of this age or older are due for a preventive home visit when "
        "they "
        "had none within the visit interval. 0 = by attention level only.",
    )
    visit_interval_months = fields.Integer(
        string="Home Visit Interval (months)",
        default=12,
        help="After a preventive home visit, the next one is proposed this many "
        "months later.",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The code of a quarter must be unique.",
        ),
    ]

    @api.constrains("contact_interval_days", "visit_min_age", "visit_interval_months")
    def _check_intervals(self):
        for quarter in self:
            if quarter.contact_interval_days < 0:
                raise ValidationError(
                    self.env._(
                        "The contact interval of a quarter cannot be negative. "
                        "Enter 0 to watch nobody by default."
                    )
                )
            if quarter.visit_min_age < 0:
                raise ValidationError(
                    self.env._(
                        "The age for home visits cannot be negative. Enter 0 to "
                        "disable it."
                    )
                )
            if quarter.visit_interval_months < 1:
                raise ValidationError(
                    self.env._("The home visit interval must be at least one month.")
                )

    def _compute_resident_count(self):
        groups = self.env["res.partner"]._read_group(
            [("quarter_id", "in", self.ids), ("is_resident", "=", True)],
            ["quarter_id"],
            ["__count"],
        )
        counts = {quarter.id: count for quarter, count in groups}
        for quarter in self:
            quarter.resident_count = counts.get(quarter.id, 0)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_except_residents(self):
        with_residents = self.filtered("resident_count")
        if with_residents:
            raise UserError(
                self.env._(
                    "The quarter %(name)s still has residents. Move them to another "
                    "quarter first, or archive the quarter instead of deleting it.",
                    name=with_residents[0].name,
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_residents(self):
        self.ensure_one()
        action = self.env["res.partner"]._kuemmerer_action_residents()
        action["domain"] = [("quarter_id", "=", self.id), ("is_resident", "=", True)]
        action["context"] = {"default_quarter_id": self.id, "default_is_resident": True}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kuemmerer_provider_directory(self):
        """[(service type name, providers)] of the network partners serving
        this quarter (or every quarter), for the printed directory."""
        self.ensure_one()
        providers = self.env["res.partner"].search(
            [
                ("is_provider", "=", True),
                ("parent_id", "=", False),
                "|",
                ("service_quarter_ids", "in", self.ids),
                ("service_quarter_ids", "=", False),
            ],
            order="name",
        )
        directory = {}
        others = self.env["res.partner"]
        for provider in providers:
            if not provider.service_type_ids:
                others |= provider
            for service_type in provider.service_type_ids:
                directory.setdefault(service_type.name, self.env["res.partner"])
                directory[service_type.name] |= provider
        result = sorted(directory.items())
        if others:
            result.append((self.env._("Other network partners"), others))
        return result
