# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.sql import create_index

from .kuemmerer_need import OPEN_STATES

CASEWORK = "kuemmerer_addon.group_kuemmerer_user"
STAFF = "kuemmerer_addon.group_kuemmerer_staff"
# the rules of the attention level, in the order the form explains them
ATTENTION_CRITERIA = ("contact_overdue", "lives_alone", "attention_need", "missed_event")
ATTENTION_DEPENDS = (
    "is_resident",
    "lives_alone",
    "contact_interval_days",
    "last_contact_date",
    "next_contact_date",
    "need_ids.state",
    "need_ids.category_id.is_attention_relevant",
    "kuemmerer_attendee_ids.state",
    "kuemmerer_attendee_ids.kuemmerer_attendance",
)
# residents without a quarter: the quarter defaults
VISIT_MIN_AGE = 75
VISIT_INTERVAL_MONTHS = 12
VOLUNTEER_STATES = [
    ("interested", "Interested"),
    ("active", "Active"),
    ("paused", "Paused"),
    ("ended", "Ended"),
]
# the extended police certificate (erweitertes Führungszeugnis) is asked for again after
POLICE_CERTIFICATE_YEARS = 5
# partner fields the portal record rules of volunteers depend on
VOLUNTEER_RULE_FIELDS = {"is_volunteer", "volunteer_state", "quarter_id", "volunteer_quarter_ids"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # roles
    is_resident = fields.Boolean(string="Resident", index=True)
    is_volunteer = fields.Boolean(string="Volunteer", index=True)
    is_provider = fields.Boolean(string="Network Partner", index=True)
    # quarter and care
    quarter_id = fields.Many2one(
        "kuemmerer.quarter", string="Quarter", index=True, ondelete="restrict"
    )
    tenant_number = fields.Char(
        string="Tenant Number",
        index=True,
        copy=False,
        groups=STAFF,
        help="Number of the tenant in the housing system; used to match residents on re-import.",
    )
    flat_number = fields.Char(string="Flat", groups=STAFF, help="Number or position of the flat.")
    kuemmerer_user_id = fields.Many2one(
        "res.users",
        string="Responsible Kümmerer",
        index=True,
        groups=STAFF,
        help="Leave empty to make the Kümmerer of the quarter responsible.",
    )
    # living situation
    birthdate = fields.Date(string="Date of Birth", groups=CASEWORK)
    lives_alone = fields.Boolean(groups=CASEWORK)
    mobility = fields.Selection(
        [
            ("independent", "Independent"),
            ("walking_aid", "Walking aid"),
            ("wheelchair", "Wheelchair"),
            ("housebound", "Housebound"),
        ],
        groups=CASEWORK,
    )
    preferred_language = fields.Char(groups=CASEWORK, help="e.g. German, Russian, Turkish")
    reach_by = fields.Selection(
        [
            ("phone", "Phone"),
            ("visit", "Home visit"),
            ("letter", "Letter"),
            ("email", "E-mail"),
            ("neighbour", "Through a neighbour or relative"),
        ],
        string="Best Reached By",
        groups=CASEWORK,
    )
    reach_note = fields.Char(
        string="How to Reach",
        groups=CASEWORK,
        help="e.g. rings twice, hard of hearing, mornings only",
    )
    trusted_person_ids = fields.One2many(
        "kuemmerer.trusted.person", "partner_id", string="Trusted Persons", groups=CASEWORK
    )
    # contact radar
    contact_ids = fields.One2many(
        "kuemmerer.contact", "partner_id", string="Contact Log", groups=CASEWORK
    )
    contact_interval_use_quarter = fields.Boolean(
        string="Quarter Default",
        default=True,
        groups=STAFF,
        help="Use the default contact interval of the quarter. Untick to set an own interval.",
    )
    contact_interval_own_days = fields.Integer(
        string="Own Contact Interval (days)",
        groups=STAFF,
        help="Get in touch at least every so many days. 0 = not watched.",
    )
    contact_interval_days = fields.Integer(
        string="Contact Interval (days)",
        compute="_compute_contact_interval_days",
        inverse="_inverse_contact_interval_days",
        store=True,
        readonly=False,
        groups=STAFF,
        help="Get in touch at least every so many days: the resident's own interval or the "
        "quarter's default. 0 = not watched.",
    )
    last_contact_date = fields.Date(
        compute="_compute_last_contact_date", store=True, index=True, groups=STAFF
    )
    next_contact_date = fields.Date(
        string="Next Contact Due",
        compute="_compute_next_contact_date",
        store=True,
        index=True,
        groups=STAFF,
    )
    contact_overdue = fields.Boolean(
        compute="_compute_contact_overdue", search="_search_contact_overdue", groups=STAFF
    )
    days_since_last_contact = fields.Integer(
        compute="_compute_days_since_last_contact", groups=STAFF
    )
    kuemmerer_radar_activity_id = fields.Many2one(
        "mail.activity",
        string="Open Contact Activity",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
        groups=STAFF,
        help="The open 'Kontakt aufnehmen' activity of the contact radar, if any.",
    )
    # attention level: stored so that it can be searched and grouped; the
    # daily radar recomputes it when a contact becomes overdue
    attention_level = fields.Integer(
        compute="_compute_attention_level",
        store=True,
        index=True,
        groups=CASEWORK,
        help="0-3: how many of these apply: contact overdue, lives alone, an open need of a "
        "category that raises attention, did not come to the last neighbourhood event they "
        "had accepted.",
    )
    attention_contact_overdue = fields.Boolean(
        compute="_compute_attention_level",
        store=True,
        groups=CASEWORK,
        help="Whether the stored attention level counts an overdue contact.",
    )
    attention_reason = fields.Text(
        string="Why this Attention Level", compute="_compute_attention_reason", groups=CASEWORK
    )
    kuemmerer_attendee_ids = fields.One2many(
        "calendar.attendee", "partner_id", string="Event Invitations", groups=CASEWORK
    )
    # preventive home visits
    kuemmerer_visit_ids = fields.One2many(
        "kuemmerer.visit", "partner_id", string="Home Visits", groups=CASEWORK
    )
    last_visit_date = fields.Date(
        string="Last Home Visit", compute="_compute_visit_dates", groups=CASEWORK
    )
    next_visit_date = fields.Date(
        string="Next Home Visit",
        compute="_compute_visit_dates",
        groups=CASEWORK,
        help="The planned home visit, or the date proposed after the last one.",
    )
    visit_due = fields.Boolean(
        string="Due for a Home Visit",
        compute="_compute_visit_due",
        search="_search_visit_due",
        groups=CASEWORK,
        help="Of the quarter's home visit age or with attention level 2 or more, and no home "
        "visit within the quarter's visit interval.",
    )
    # casework
    need_ids = fields.One2many("kuemmerer.need", "partner_id", string="Needs", groups=CASEWORK)
    open_need_count = fields.Integer(compute="_compute_open_need_count", groups=STAFF)
    consent_ids = fields.One2many(
        "kuemmerer.consent", "partner_id", string="Consents", groups=CASEWORK
    )
    # network partners
    service_type_ids = fields.Many2many(
        "kuemmerer.service.type",
        "kuemmerer_partner_service_type_rel",
        "partner_id",
        "service_type_id",
        string="Service Types",
    )
    service_quarter_ids = fields.Many2many(
        "kuemmerer.quarter",
        "kuemmerer_partner_service_quarter_rel",
        "partner_id",
        "quarter_id",
        string="Quarters Served",
        help="Leave empty when the network partner serves every quarter.",
    )
    provider_opening_hours = fields.Text(string="Opening Hours")
    provider_note = fields.Text(string="Notes on Cooperation")
    # volunteers
    volunteer_state = fields.Selection(
        VOLUNTEER_STATES,
        string="Volunteer Status",
        default="interested",
        index=True,
        tracking=True,
        groups=STAFF,
    )
    skill_ids = fields.Many2many(
        "kuemmerer.skill",
        "kuemmerer_partner_skill_rel",
        "partner_id",
        "skill_id",
        # not "Skills": hr_skills gives res.users a field of that label
        string="Volunteer Skills",
    )
    volunteer_lang_ids = fields.Many2many(
        "res.lang",
        "kuemmerer_partner_volunteer_lang_rel",
        "partner_id",
        "lang_id",
        string="Languages Spoken",
        context={"active_test": False},
        groups=STAFF,
    )
    volunteer_quarter_ids = fields.Many2many(
        "kuemmerer.quarter",
        "kuemmerer_partner_volunteer_quarter_rel",
        "partner_id",
        "quarter_id",
        string="Helps in Quarters",
        groups=STAFF,
        help="Quarters in which the volunteer helps, besides their own quarter. "
        "They see and sign up for the shifts of these quarters on the portal.",
    )
    availability_ids = fields.One2many(
        "kuemmerer.volunteer.availability", "partner_id", string="Availability", groups=STAFF
    )
    volunteer_agreement_date = fields.Date(
        string="Volunteer Agreement Signed on", groups=STAFF
    )
    police_certificate_date = fields.Date(
        string="Extended Police Certificate of",
        groups=CASEWORK,
        help="Date of issue of the extended police certificate (erweitertes Führungszeugnis). "
        "It is asked for again after five years.",
    )
    police_certificate_due = fields.Boolean(
        string="Police Certificate Due",
        compute="_compute_police_certificate_due",
        search="_search_police_certificate_due",
        groups=CASEWORK,
    )
    volunteer_registration_ids = fields.One2many(
        "kuemmerer.shift.registration", "partner_id", string="Shift Registrations", groups=STAFF
    )
    volunteer_hours_year = fields.Float(
        string="Hours This Year", compute="_compute_volunteer_hours", groups=STAFF
    )
    volunteer_shift_count = fields.Integer(
        string="Shifts This Year", compute="_compute_volunteer_hours", groups=STAFF
    )

    _sql_constraints = [
        (
            "tenant_number_company_uniq",
            "unique(tenant_number, company_id)",
            "This tenant number is already used by another resident.",
        ),
    ]

    @api.depends("contact_ids.date")
    def _compute_last_contact_date(self):
        groups = self.env["kuemmerer.contact"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["date:max"]
        )
        last = {partner.id: date for partner, date in groups}
        for partner in self:
            date = last.get(partner.id)
            partner.last_contact_date = date and date.date()

    @api.depends(
        "is_resident",
        "quarter_id.contact_interval_days",
        "contact_interval_use_quarter",
        "contact_interval_own_days",
    )
    def _compute_contact_interval_days(self):
        for partner in self:
            if not partner.contact_interval_use_quarter:
                partner.contact_interval_days = partner.contact_interval_own_days
            elif partner.is_resident:
                partner.contact_interval_days = partner.quarter_id.contact_interval_days
            else:
                partner.contact_interval_days = 0

    def _inverse_contact_interval_days(self):
        # writing the interval directly sets the resident's own interval
        for partner in self:
            partner.contact_interval_use_quarter = False
            partner.contact_interval_own_days = partner.contact_interval_days

    @api.depends("last_contact_date", "contact_interval_days")
    def _compute_next_contact_date(self):
        for partner in self:
            if partner.contact_interval_days > 0 and partner.last_contact_date:
                partner.next_contact_date = partner.last_contact_date + timedelta(
                    days=partner.contact_interval_days
                )
            else:
                partner.next_contact_date = False

    @api.depends("next_contact_date", "contact_interval_days")
    @api.depends_context("uid")
    def _compute_contact_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.contact_overdue = partner.contact_interval_days > 0 and (
                not partner.last_contact_date or partner.next_contact_date < today
            )

    def _search_contact_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(self.env._("This search is not supported."))
        today = fields.Date.context_today(self)
        overdue = [
            ("contact_interval_days", ">", 0),
            "|",
            ("last_contact_date", "=", False),
            ("next_contact_date", "<", today),
        ]
        if (operator == "=") == bool(value):
            return overdue
        return ["!", *expression.normalize_domain(overdue)]

    @api.depends("last_contact_date")
    @api.depends_context("uid")
    def _compute_days_since_last_contact(self):
        today = fields.Date.context_today(self)
        for partner in self:
            last = partner.last_contact_date
            partner.days_since_last_contact = (today - last).days if last else 0

    @api.depends(*ATTENTION_DEPENDS)
    def _compute_attention_level(self):
        criteria = self._kuemmerer_attention_criteria()
        for partner in self:
            found = criteria.get(partner.id, {})
            partner.attention_level = min(3, len(found))
            partner.attention_contact_overdue = "contact_overdue" in found

    @api.depends(*ATTENTION_DEPENDS)
    @api.depends_context("uid")
    def _compute_attention_reason(self):
        criteria = self._kuemmerer_attention_criteria()
        for partner in self:
            if not partner.is_resident:
                partner.attention_reason = False
                continue
            found = criteria.get(partner.id, {})
            lines = [partner._kuemmerer_attention_text(key, found[key]) for key in found]
            partner.attention_reason = "\n".join("• " + line for line in lines) or self.env._(
                "Nothing stands out at the moment."
            )

    def _compute_visit_dates(self):
        origin_ids = [pid for pid in self._origin.ids if pid]
        visits = (
            self.env["kuemmerer.visit"]
            .sudo()
            .search_fetch(
                [("partner_id", "in", origin_ids), ("state", "in", ("planned", "done"))],
                ["partner_id", "date", "state", "next_visit_date"],
                order="date desc, id desc",
            )
        )
        last_done, first_planned = {}, {}
        for visit in visits:
            if visit.state == "done":
                last_done.setdefault(visit.partner_id.id, visit)
            else:
                first_planned[visit.partner_id.id] = visit  # ordered desc: the earliest wins
        for partner in self:
            done = last_done.get(partner._origin.id)
            planned = first_planned.get(partner._origin.id)
            partner.last_visit_date = done and done.date.date()
            partner.next_visit_date = (planned and planned.date.date()) or (
                done and done.next_visit_date
            )

    @api.depends_context("uid")
    def _compute_visit_due(self):
        origin_ids = [pid for pid in self._origin.ids if pid]
        due = set()
        if origin_ids:
            due = set(self.search([("id", "in", origin_ids), ("visit_due", "=", True)]).ids)
        for partner in self:
            partner.visit_due = partner._origin.id in due

    def _search_visit_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("This search is not supported."))
        today = fields.Date.context_today(self)
        Visit = self.env["kuemmerer.visit"].sudo()

        def due_in(quarter_domain, min_age, interval_months):
            who = [("attention_level", ">=", 2)]
            if min_age:
                born_before = today - relativedelta(years=min_age)
                who = expression.OR([who, [("birthdate", "<=", born_before)]])
            visited = Visit._search(
                [
                    ("state", "=", "done"),
                    ("date", ">=", today - relativedelta(months=interval_months)),
                ]
            )
            return expression.AND(
                [quarter_domain, who, [("id", "not in", visited.subselect("partner_id"))]]
            )

        quarters = self.env["kuemmerer.quarter"].sudo().with_context(active_test=False).search([])
        branches = [
            due_in(
                [("quarter_id", "=", quarter.id)],
                quarter.visit_min_age,
                quarter.visit_interval_months,
            )
            for quarter in quarters
        ]
        branches.append(due_in([("quarter_id", "=", False)], VISIT_MIN_AGE, VISIT_INTERVAL_MONTHS))
        domain = expression.AND([[("is_resident", "=", True)], expression.OR(branches)])
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    def _compute_open_need_count(self):
        groups = (
            self.env["kuemmerer.need"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids), ("state", "not in", ("resolved", "cancelled"))],
                ["partner_id"],
                ["__count"],
            )
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.open_need_count = counts.get(partner.id, 0)

    @api.depends("is_volunteer", "volunteer_state", "police_certificate_date")
    @api.depends_context("uid")
    def _compute_police_certificate_due(self):
        limit = self._kuemmerer_police_certificate_limit()
        for partner in self:
            partner.police_certificate_due = (
                partner.is_volunteer
                and partner.volunteer_state == "active"
                and (not partner.police_certificate_date or partner.police_certificate_date <= limit)
            )

    def _search_police_certificate_due(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(self.env._("This search is not supported."))
        due = [
            ("is_volunteer", "=", True),
            ("volunteer_state", "=", "active"),
            "|",
            ("police_certificate_date", "=", False),
            ("police_certificate_date", "<=", self._kuemmerer_police_certificate_limit()),
        ]
        if (operator == "=") == bool(value):
            return due
        return ["!", *expression.normalize_domain(due)]

    def _compute_volunteer_hours(self):
        year_start = date(fields.Date.context_today(self).year, 1, 1)
        groups = (
            self.env["kuemmerer.shift.registration"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("state", "=", "attended"),
                    ("date_begin", ">=", fields.Datetime.to_datetime(year_start)),
                    (
                        "date_begin",
                        "<",
                        fields.Datetime.to_datetime(year_start + relativedelta(years=1)),
                    ),
                ],
                ["partner_id"],
                ["hours:sum", "__count"],
            )
        )
        totals = {partner.id: (hours, count) for partner, hours, count in groups}
        for partner in self:
            hours, count = totals.get(partner.id, (0.0, 0))
            partner.volunteer_hours_year = hours
            partner.volunteer_shift_count = count
    @api.model
    def _kuemmerer_precheck_tenant_numbers(self, vals_list):
        """Before the insert: a clear message instead of the unique index's error."""
        numbers = [vals["tenant_number"] for vals in vals_list if vals.get("tenant_number")]
        if not numbers:
            return
        existing = self.sudo().with_context(active_test=False).search_fetch(
            [("tenant_number", "in", numbers)], ["tenant_number", "company_id", "display_name"]
        )
        taken = {(p.tenant_number, p.company_id.id): p for p in existing}
        seen = set()
        for vals in vals_list:
            number = vals.get("tenant_number")
            if not number:
                continue
            key = (number, vals.get("company_id") or False)
            clash = taken.get(key)
            if clash or key in seen:
                raise ValidationError(
                    self.env._(
                        "The tenant number %(number)s is already used by %(name)s. "
                        "Please check the number.",
                        number=number,
                        name=clash.display_name if clash else vals.get("name", ""),
                    )
                )
            seen.add(key)

    @api.constrains("tenant_number", "company_id")
    def _check_tenant_number(self):
        """Unique per company, also for residents without a company (the SQL
        constraint does not see duplicates where company_id is empty)."""
        partners = self.sudo().filtered("tenant_number")
        if not partners:
            return
        duplicates = self.sudo().with_context(active_test=False).search(
            [
                ("tenant_number", "in", partners.mapped("tenant_number")),
                ("id", "not in", partners.ids),
            ]
        )
        for partner in partners:
            clash = duplicates.filtered(
                lambda other, p=partner: other.tenant_number == p.tenant_number
                and other.company_id == p.company_id
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "The tenant number %(number)s is already used by %(name)s. "
                        "Please check the number.",
                        number=partner.tenant_number,
                        name=clash[0].display_name,
                    )
                )

    @api.constrains("contact_interval_days")
    def _check_contact_interval_days(self):
        if any(partner.contact_interval_days < 0 for partner in self.sudo()):
            raise ValidationError(
                self.env._("The contact interval cannot be negative. Enter 0 to stop watching.")
            )

    @api.constrains("contact_interval_own_days")
    def _check_contact_interval_own_days(self):
        if any(partner.contact_interval_own_days < 0 for partner in self.sudo()):
            raise ValidationError(
                self.env._("The contact interval cannot be negative. Enter 0 to stop watching.")
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # residents belong to the company that cares for them: users of
        # another company never see them (Odoo's multi-company partner rule)
        default_resident = self.env.context.get("default_is_resident")
        for vals in vals_list:
            if vals.get("is_resident", default_resident) and "company_id" not in vals:
                vals["company_id"] = self.env.company.id
        self._kuemmerer_precheck_tenant_numbers(vals_list)
        partners = super().create(vals_list)
        volunteers = partners.filtered("is_volunteer")
        if volunteers:
            volunteers._kuemmerer_check_police_certificate()
        return partners

    def write(self, vals):
        if self.env.context.get("import_file") and len(self) == 1 and self.is_resident:
            # re-import from the housing system: leave out the columns that do
            # not change, so neither their constraints nor the fields that
            # depend on them are recomputed for every row
            vals = {
                fname: value
                for fname, value in vals.items()
                if fname not in self._fields
                or self._fields[fname].type not in ("char", "boolean", "many2one", "integer", "selection")
                or self._fields[fname].convert_to_write(self[fname], self) != value
            }
            if not vals:
                return True
        res = super().write(vals)
        if VOLUNTEER_RULE_FIELDS & set(vals) and self.sudo().user_ids:
            # the portal record rules of volunteers read these fields
            self.env.registry.clear_cache()
        if {"is_volunteer", "volunteer_state", "police_certificate_date"} & set(vals):
            self._kuemmerer_check_police_certificate()
        return res

    # ------------------------------------------------------------
    # IMPORT
    # ------------------------------------------------------------

    @api.model
    def get_import_templates(self):
        if self.env.context.get("default_is_resident"):
            return [
                {
                    "label": self.env._("Import Template for Residents (Excel)"),
                    "template": "/kuemmerer_addon/static/xls/kuemmerer_residents_import.xlsx",
                },
                {
                    "label": self.env._("Import Template for Residents (CSV)"),
                    "template": "/kuemmerer_addon/static/xls/kuemmerer_residents_import.csv",
                },
            ]
        return super().get_import_templates()

    def load(self, fields, data):
        """Residents by tenant number: a known number updates its resident,
        broken rows are rejected with a message while the others are imported."""
        Import = self.env["kuemmerer.resident.import"]
        if not Import._kuemmerer_applies(fields):
            return super().load(fields, data)
        new_fields, rows, origin, rejected, nextrow, unchanged = Import._kuemmerer_prepare(fields, data)
        result = super(ResPartner, self.with_context(_import_limit=None)).load(new_fields, rows)
        return Import._kuemmerer_merge(result, origin, rejected, nextrow, unchanged)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kuemmerer_responsible_user(self):
        """The Kümmerer responsible for this resident: the person's own, else
        the first of the quarter's."""
        self.ensure_one()
        partner = self.sudo()
        return partner.kuemmerer_user_id or partner.quarter_id.user_ids[:1]

    def _kuemmerer_has_consent(self, purpose):
        """True when this person has given the consent for ``purpose`` and not
        withdrawn it. Every feature that shares personal data asks this."""
        self.ensure_one()
        return bool(self._kuemmerer_consented(purpose))

    def _kuemmerer_consented(self, purpose):
        """The partners of ``self`` with a given consent for ``purpose`` (one query)."""
        if not self:
            return self
        consents = (
            self.env["kuemmerer.consent"]
            .sudo()
            .search_fetch(
                [("partner_id", "in", self.ids), ("purpose", "=", purpose), ("state", "=", "given")],
                ["partner_id"],
            )
        )
        return self & consents.partner_id.with_env(self.env)

    def _kuemmerer_attention_criteria(self):
        """Which rules of the attention level apply, for the residents of
        ``self``: {partner id: {criterion: detail}} in ATTENTION_CRITERIA
        order. A fixed number of queries, whatever the number of residents."""
        residents = self.filtered("is_resident")
        origin_ids = [pid for pid in residents._origin.ids if pid]
        needs, missed = {}, {}
        if origin_ids:
            groups = (
                self.env["kuemmerer.need"]
                .sudo()
                ._read_group(
                    [
                        ("partner_id", "in", origin_ids),
                        ("state", "in", OPEN_STATES),
                        ("category_id.is_attention_relevant", "=", True),
                    ],
                    ["partner_id", "category_id"],
                )
            )
            for partner, category in groups:
                needs.setdefault(partner.id, []).append(category.name)
            # the last neighbourhood event each accepted and whose attendance was recorded
            attendees = (
                self.env["calendar.attendee"]
                .sudo()
                .search_fetch(
                    [
                        ("partner_id", "in", origin_ids),
                        ("state", "=", "accepted"),
                        ("kuemmerer_attendance", "!=", False),
                        ("event_id.is_neighbourhood_event", "=", True),
                    ],
                    ["partner_id", "event_id", "kuemmerer_attendance"],
                )
            )
            attendees.event_id.fetch(["start", "name"])
            last = {}
            for attendee in attendees:
                known = last.get(attendee.partner_id.id)
                if not known or attendee.event_id.start > known.event_id.start:
                    last[attendee.partner_id.id] = attendee
            missed = {
                partner_id: attendee.event_id
                for partner_id, attendee in last.items()
                if attendee.kuemmerer_attendance == "absent"
            }
        today = fields.Date.context_today(self)
        result = {}
        for partner in residents:
            origin_id = partner._origin.id
            found = {}
            # from the stored fields, not the cached contact_overdue: the
            # radar may run in a transaction that began on another day
            if partner.contact_interval_days > 0 and (
                not partner.last_contact_date or partner.next_contact_date < today
            ):
                found["contact_overdue"] = partner.last_contact_date
            if partner.lives_alone:
                found["lives_alone"] = True
            if origin_id in needs:
                found["attention_need"] = needs[origin_id]
            if origin_id in missed:
                found["missed_event"] = missed[origin_id]
            result[partner.id] = found
        return result

    def _kuemmerer_attention_text(self, criterion, detail):
        """One rule of the attention level in words, for the form."""
        self.ensure_one()
        if criterion == "contact_overdue":
            if not detail:
                return self.env._(
                    "Contact is overdue: never contacted, although every %(days)s days is wanted.",
                    days=self.contact_interval_days,
                )
            return self.env._(
                "Contact is overdue: last contact on %(date)s, wanted every %(days)s days.",
                date=detail.strftime("%d.%m.%Y"),
                days=self.contact_interval_days,
            )
        if criterion == "lives_alone":
            return self.env._("Lives alone.")
        if criterion == "attention_need":
            return self.env._("Open need: %(categories)s.", categories=", ".join(detail))
        return self.env._(
            "Did not come to the last neighbourhood event they had accepted "
            "(%(event)s on %(date)s).",
            event=detail.name,
            date=detail._kuemmerer_local_start().strftime("%d.%m.%Y"),
        )

    # The contact radar's two questions, as plain SQL over two expression
    # indexes: the key is the date from which a watched resident is overdue
    # (-infinity when never contacted), and NULL once the resident is handled
    # (counted in the attention level / an open "Kontakt aufnehmen" activity
    # linked). The daily run so reads only the residents that became due since,
    # not every overdue one; and PostgreSQL keeps statistics on the expressions,
    # so it knows that few keys lie before today.
    _RADAR_QUESTIONS = {
        # overdue, but the stored attention level does not count it yet
        "stale": "attention_contact_overdue IS NOT TRUE",
        # overdue, without an open radar activity
        "todo": "kuemmerer_radar_activity_id IS NULL",
    }

    @classmethod
    def _kuemmerer_radar_key(cls, key):
        return (
            "(CASE WHEN is_resident AND active AND contact_interval_days > 0 AND %s "
            "THEN COALESCE(next_contact_date, '-infinity'::date) END)"
        ) % cls._RADAR_QUESTIONS[key]

    def init(self):
        super().init()
        for key in self._RADAR_QUESTIONS:
            create_index(
                self.env.cr,
                "res_partner_kuemmerer_radar_%s_index" % key,
                self._table,
                [self._kuemmerer_radar_key(key)],
            )

    def _kuemmerer_radar_select(self, key, today, limit=None):
        """Ids of the overdue residents the radar has to handle (``key``: one
        of _RADAR_QUESTIONS), or their number without ``limit``."""
        where = SQL("%s < %s", SQL(self._kuemmerer_radar_key(key)), today)
        if limit is None:
            query = SQL("SELECT count(*) FROM res_partner WHERE %s", where)
            return self.env.execute_query(query)[0][0]
        rows = self.env.execute_query(
            SQL("SELECT id FROM res_partner WHERE %s ORDER BY id LIMIT %s", where, limit)
        )
        return [row[0] for row in rows]

    @api.model
    def _cron_kuemmerer_contact_radar(self, batch_size=1000):
        """Daily contact radar (Früherkennung).

        1. A contact that becomes overdue raises the stored attention level:
           recompute it for the residents whose level does not count it yet.
        2. One "Kontakt aufnehmen" activity for the responsible Kümmerer per
           overdue resident without an open one.

        Both select what is not yet processed and mark it in the same
        transaction, in batches, with a fixed number of queries per batch.
        """
        today = self.env["kuemmerer.quarter"]._kuemmerer_cron_today()
        self.flush_model(
            [
                "is_resident",
                "active",
                "contact_interval_days",
                "next_contact_date",
                "attention_contact_overdue",
                "kuemmerer_radar_activity_id",
            ]
        )
        stale = self.browse(self._kuemmerer_radar_select("stale", today, batch_size))
        if stale:
            for fname in ("attention_level", "attention_contact_overdue"):
                self.env.add_to_compute(self._fields[fname], stale)
            stale.flush_recordset(["attention_level", "attention_contact_overdue"])
        todo = self.browse(self._kuemmerer_radar_select("todo", today, batch_size))
        if todo:
            todo._kuemmerer_schedule_radar_activities()
        self.env.flush_all()
        remaining = 0
        if len(stale) == batch_size or len(todo) == batch_size:
            remaining = self._kuemmerer_radar_select("stale", today) + self._kuemmerer_radar_select(
                "todo", today
            )
        self.env["ir.cron"]._notify_progress(done=len(stale) + len(todo), remaining=remaining)

    def _kuemmerer_schedule_radar_activities(self):
        """One open "Kontakt aufnehmen" activity per partner of ``self``,
        remembered on the partner. An open activity of that type scheduled by
        hand counts as well. No detail of the resident's situation goes into
        the activity: every internal user may see a contact's activities."""
        if not self:
            return self.env["mail.activity"]
        activity_type = self.env.ref("kuemmerer_addon.mail_activity_type_contact_radar")
        Activity = self.env["mail.activity"].sudo()
        existing = {
            activity.res_id: activity
            for activity in Activity.search_fetch(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
                order="id",
            )
        }
        partners = self.sudo()
        partners.fetch(["kuemmerer_user_id", "quarter_id", "name"])
        partners.mapped("display_name")  # mail.activity reads it per record
        fallback = self.env["kuemmerer.quarter"]._kuemmerer_fallback_coordinator()
        model_id = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        to_create = partners.filtered(lambda p: p.id not in existing)
        activities = Activity.with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "summary": activity_type.with_context(lang=user.lang).summary
                    or activity_type.with_context(lang=user.lang).name,
                    "user_id": user.id,
                    "date_deadline": today,
                }
                for partner, user in (
                    (
                        partner,
                        partner._kuemmerer_responsible_user()
                        or partner.quarter_id.manager_id
                        or fallback
                        or self.env.user,
                    )
                    for partner in to_create
                )
            ]
        )
        for partner, activity in zip(to_create, activities):
            partner.kuemmerer_radar_activity_id = activity
        for partner in partners - to_create:
            partner.kuemmerer_radar_activity_id = existing[partner.id]
        return activities

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_kuemmerer_log_contact(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Contact"),
            "res_model": "kuemmerer.contact",
            "view_mode": "form",
            "views": [(self.env.ref("kuemmerer_addon.kuemmerer_contact_view_form_quick").id, "form")],
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_kuemmerer_plan_visit(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan Home Visit"),
            "res_model": "kuemmerer.visit",
            "view_mode": "form",
            "target": "current",
            "context": {"default_partner_id": self.id},
        }

    def action_kuemmerer_view_needs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kuemmerer_addon.kuemmerer_need_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_kuemmerer_export_vcard(self):
        """Download the contact persons of a network partner as one .vcf file."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": "/kuemmerer/provider/%s/vcard" % self.id,
            "target": "download",
        }

    def _kuemmerer_vcard(self):
        """The network partner's contact persons (or the partner itself when
        it has none) as vCard text, with the partner as organisation."""
        self.ensure_one()
        if not self.is_provider:
            raise UserError(self.env._("Only network partners can be exported as a vCard."))
        people = self.child_ids.filtered(lambda child: child.type == "contact") or self
        cards = []
        for person in people:
            card = person._build_vcard()
            if not card:
                raise UserError(self.env._("vCards cannot be created: the vobject library is missing."))
            if person != self:
                card.add("org").value = [self.name or ""]
            if person.function:
                card.add("title").value = person.function
            cards.append(card.serialize())
        return "".join(cards)

    # ------------------------------------------------------------
    # DATA PROTECTION
    # ------------------------------------------------------------

    def action_kuemmerer_privacy_export_json(self):
        """Art. 15: everything the addon stores about the person, for machines."""
        self.ensure_one()
        self.env["kuemmerer.privacy"]._check_manager()
        return {
            "type": "ir.actions.act_url",
            "url": "/kuemmerer/privacy/%s/json" % self.id,
            "target": "download",
        }

    def action_kuemmerer_privacy_export_pdf(self):
        """Art. 15: the same as a letter for the person."""
        self.ensure_one()
        self.env["kuemmerer.privacy"]._check_manager()
        return self.env.ref("kuemmerer_addon.action_report_kuemmerer_privacy").report_action(self)

    def action_kuemmerer_anonymise(self):
        """Art. 17: erase the person, keep anonymous statistics."""
        for partner in self:
            self.env["kuemmerer.privacy"]._anonymise(partner)
        return True

    def action_kuemmerer_view_access_log(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kuemmerer_addon.kuemmerer_access_log_action")
        action["domain"] = [("partner_id", "=", self.id)]
        return action
    def action_kuemmerer_grant_portal_access(self):
        """Odoo's own portal wizard: creates the portal user and sends the
        invitation e-mail with the link to set a password."""
        self.ensure_one()
        if not self.is_volunteer:
            raise UserError(self.env._("Only volunteers get access to the volunteer portal."))
        if not self.email:
            raise UserError(
                self.env._(
                    "%(name)s has no e-mail address. Please enter it first: the invitation "
                    "to the portal is sent by e-mail.",
                    name=self.display_name,
                )
            )
        return (
            self.env["portal.wizard"]
            .with_context(active_ids=self.ids, active_model="res.partner")
            .action_open_wizard()
        )

    def action_kuemmerer_view_registrations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kuemmerer_addon.kuemmerer_shift_registration_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    # ------------------------------------------------------------
    # VOLUNTEERS
    # ------------------------------------------------------------

    def _kuemmerer_volunteer_quarters(self):
        """The quarters in which this volunteer sees and takes shifts."""
        self.ensure_one()
        partner = self.sudo()
        return partner.quarter_id | partner.volunteer_quarter_ids

    @api.model
    def _kuemmerer_police_certificate_limit(self):
        """Certificates issued on or before this date are too old."""
        return fields.Date.context_today(self) - relativedelta(years=POLICE_CERTIFICATE_YEARS)

    def _kuemmerer_volunteer_coordinator(self, fallback=None):
        """Who looks after this volunteer: the coordinator of their quarter,
        else its first Kümmerer, else ``fallback`` (any coordinator)."""
        self.ensure_one()
        quarter = self.sudo().quarter_id
        user = quarter.manager_id or quarter.user_ids[:1]
        if not user:
            user = fallback
            if user is None:
                user = self.env["kuemmerer.quarter"]._kuemmerer_fallback_coordinator()
        return user or self.env.user

    def _kuemmerer_check_police_certificate(self):
        """One activity per active volunteer whose extended police certificate
        is missing or too old, never a second while one is open; marked done
        as soon as a valid certificate is recorded or the person no longer
        helps actively."""
        partners = self.sudo()
        if not partners:
            return
        activity_type = self.env.ref("kuemmerer_addon.mail_activity_type_police_certificate")
        open_activities = self.env["mail.activity"].sudo().search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        with_activity = set(open_activities.mapped("res_id"))
        due = partners.filtered("police_certificate_due")
        done = open_activities.filtered(lambda a: a.res_id not in due.ids)
        if done:
            active = partners.filtered(lambda p: p.is_volunteer and p.volunteer_state == "active")
            recorded = done.filtered(lambda a: a.res_id in active.ids)
            if recorded:
                recorded.action_feedback(
                    feedback=self.env._("A valid extended police certificate has been recorded.")
                )
            if done - recorded:
                (done - recorded).action_feedback(
                    feedback=self.env._("The person is no longer an active volunteer.")
                )
        todo = due.filtered(lambda p: p.id not in with_activity)
        if not todo:
            return
        model_id = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        todo.quarter_id.fetch(["manager_id", "user_ids"])
        fallback = self.env["kuemmerer.quarter"]._kuemmerer_fallback_coordinator()
        vals_list = []
        for partner in todo:
            user = partner._kuemmerer_volunteer_coordinator(fallback)
            _ = self.with_context(lang=user.lang).env._  # the coordinator's language
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": _("Ask for the extended police certificate"),
                    "note": _(
                        "The extended police certificate of this active volunteer is missing "
                        "or older than five years. Please ask for a new one and record its date."
                    ),
                    "date_deadline": today,
                }
            )
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            vals_list
        )

    @api.model
    def _cron_kuemmerer_police_certificate(self, batch_size=500):
        """Daily: certificates expire with time, without any write on the partner."""
        activity_type = self.env.ref("kuemmerer_addon.mail_activity_type_police_certificate")
        domain = [
            ("police_certificate_due", "=", True),
            ("activity_ids", "not any", [("activity_type_id", "=", activity_type.id)]),
        ]
        partners = self.sudo().search(domain, limit=batch_size)
        if not partners:
            return
        remaining = self.sudo().search_count(domain) - len(partners)
        partners._kuemmerer_check_police_certificate()
        self.env["ir.cron"]._notify_progress(done=len(partners), remaining=remaining)
