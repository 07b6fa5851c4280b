# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools.sql import create_index

from .kuemmerer_char_limit_mixin import check_char_limits
from .kuemmerer_need import OPEN_STATES
from .kuemmerer_radar import RADAR_TODO_KEY


CASEWORK = "kuemmerer_addon.group_kuemmerer_user"
STAFF = "kuemmerer_addon.group_kuemmerer_staff"
MANAGER = "kuemmerer_addon.group_kuemmerer_manager"
# indexed text fields: a clear message instead of the index's error
CHAR_LIMITS = {"name": 500, "tenant_number": 64, "flat_number": 64}
VOLUNTEER_STATES = [
    ("interested", "Interested"),
    ("active", "Active"),
    ("paused", "Paused"),
    ("ended", "Ended"),
]
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
    kuemmerer_attendee_ids = fields.One2many(
        "calendar.attendee", "partner_id", string="Event Invitations", groups=CASEWORK
    )
    # casework
    need_ids = fields.One2many("kuemmerer.need", "partner_id", string="Needs", groups=CASEWORK)
    open_need_count = fields.Integer(compute="_compute_open_need_count", groups=CASEWORK)
    consent_ids = fields.One2many(
        "kuemmerer.consent", "partner_id", string="Consents", groups=CASEWORK
    )
    kuemmerer_resident_ids = fields.One2many(
        "kuemmerer.resident", "partner_id", string="Case Files", groups=CASEWORK
    )
    kuemmerer_resident_id = fields.Many2one(
        "kuemmerer.resident",
        string="Case File",
        compute="_compute_kuemmerer_resident_id",
        groups=CASEWORK,
        help="The resident's case file, when you may read it.",
    )
    is_cared_for = fields.Boolean(
        string="Cared For",
        compute="_compute_is_cared_for",
        search="_search_is_cared_for",
        groups=STAFF,
        help="The Kümmerer helps this resident with at least one open need.",
    )
    kuemmerer_can_assign = fields.Boolean(
        compute="_compute_kuemmerer_can_assign",
        groups=STAFF,
        help="Whether you may change who is responsible for this resident here.",
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

    @api.depends_context("uid")
    def _compute_open_need_count(self):
        # counted as the user: the needs of a resident they may not see
        # are not revealed by a number
        Need = self.env["kuemmerer.need"]
        counts = {}
        if Need.has_access("read") and self._origin.ids:
            groups = Need._read_group(
                [("partner_id", "in", self._origin.ids), ("state", "in", OPEN_STATES)],
                ["partner_id"],
                ["__count"],
            )
            counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.open_need_count = counts.get(partner._origin.id, 0)

    def _compute_is_cared_for(self):
        cared = set(self._kuemmerer_cared_for_ids(self._origin.ids))
        for partner in self:
            partner.is_cared_for = partner._origin.id in cared

    def _search_is_cared_for(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("This search is not supported."))
        query = self.env["kuemmerer.need"].sudo()._search([("state", "in", OPEN_STATES)])
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", query.subselect("partner_id"))]

    @api.model
    def _kuemmerer_cared_for_ids(self, partner_ids):
        """Which of ``partner_ids`` have an open need: what staff may know
        ("who is cared for"), nothing about the need itself."""
        if not partner_ids:
            return []
        groups = self.env["kuemmerer.need"].sudo()._read_group(
            [("partner_id", "in", partner_ids), ("state", "in", OPEN_STATES)], ["partner_id"]
        )
        return [partner.id for (partner,) in groups]

    def _compute_kuemmerer_resident_id(self):
        for partner in self:
            partner.kuemmerer_resident_id = partner.kuemmerer_resident_ids[:1]

    @api.depends_context("uid")
    def _compute_kuemmerer_can_assign(self):
        is_manager = self.env.user.has_group(MANAGER)
        for partner in self:
            partner.kuemmerer_can_assign = is_manager or not self.env["kuemmerer.responsibility"]._has_case_file(
                partner
            )

    @api.depends("is_volunteer", "volunteer_state", "police_certificate_date")
    @api.depends_context("uid")
    def _compute_police_certificate_due(self):
        limit = self.env["kuemmerer.volunteer"]._police_certificate_limit()
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
            ("police_certificate_date", "<=", self.env["kuemmerer.volunteer"]._police_certificate_limit()),
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
        for vals in vals_list:
            check_char_limits(self, vals, CHAR_LIMITS)
        Responsibility = self.env["kuemmerer.responsibility"]
        Responsibility._check_new_residents(
            [vals for vals in vals_list if vals.get("is_resident", default_resident)]
        )
        self.env["kuemmerer.resident.import"]._kuemmerer_check_tenant_numbers(vals_list)
        partners = super().create(vals_list)
        Responsibility._ensure_case_file(partners.filtered("is_resident"))
        volunteers = partners.filtered("is_volunteer")
        if volunteers:
            self.env["kuemmerer.volunteer"]._check_police_certificate(volunteers)
        return partners

    def write(self, vals):
        if self.env.context.get("import_file") and len(self) == 1 and self.is_resident:
            vals = self.env["kuemmerer.resident.import"]._kuemmerer_changed_vals(self, vals)
            if not vals:
                return True
        check_char_limits(self, vals, CHAR_LIMITS)
        Responsibility = self.env["kuemmerer.responsibility"]
        Responsibility._check_write(self, vals)
        if vals.get("tenant_number"):
            self.env["kuemmerer.resident.import"]._kuemmerer_check_tenant_numbers(
                [
                    {
                        "tenant_number": vals["tenant_number"],
                        "company_id": vals.get("company_id", partner.sudo().company_id.id),
                        "name": partner.sudo().display_name,
                    }
                    for partner in self
                ],
                exclude=self,
            )
        res = super().write(vals)
        if vals.get("is_resident"):
            Responsibility._ensure_case_file(self)
        if VOLUNTEER_RULE_FIELDS & set(vals) and self.sudo().user_ids:
            # the portal record rules of volunteers read these fields
            self.env.registry.clear_cache()
        if {"is_volunteer", "volunteer_state", "police_certificate_date"} & set(vals):
            self.env["kuemmerer.volunteer"]._check_police_certificate(self)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_resident(self):
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        Responsibility = self.env["kuemmerer.responsibility"]
        residents = self.filtered(lambda partner: Responsibility._has_case_file(partner))
        if residents:
            raise UserError(
                self.env._(
                    "%(name)s is a resident: only the coordination may delete residents. To erase "
                    "a person, ask the coordination for the anonymisation.",
                    name=residents[0].display_name,
                )
            )

    def get_formview_action(self, access_uid=None):
        """A resident opens as their case file, for whom may read it."""
        if len(self) == 1 and self.is_resident:
            user = self.env["res.users"].browse(access_uid) if access_uid else self.env.user
            if user.has_group(CASEWORK):
                resident = (
                    self.env["kuemmerer.resident"]
                    .with_user(user)
                    .search([("partner_id", "=", self.id)], limit=1)
                )
                if resident:
                    return resident.with_env(self.env).get_formview_action(access_uid=access_uid)
        return super().get_formview_action(access_uid=access_uid)

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
        """The partners of ``self`` with a given consent for ``purpose`` (one
        query). A consent past its end date counts as not given, also before
        the daily cron marks it expired."""
        if not self:
            return self
        today = fields.Date.context_today(self)
        consents = (
            self.env["kuemmerer.consent"]
            .sudo()
            .search_fetch(
                [("partner_id", "in", self.ids), ("purpose", "=", purpose), ("state", "=", "given"),
                 "|", ("date_expiry", "=", False), ("date_expiry", ">=", today)],
                ["partner_id"],
            )
        )
        return self & consents.partner_id.with_env(self.env)

    def init(self):
        super().init()
        create_index(
            self.env.cr, "res_partner_kuemmerer_radar_todo_index", self._table, [RADAR_TODO_KEY]
        )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    @api.model
    def _kuemmerer_action_residents(self):
        """The residents menu: the case files for who does casework, the
        list of residents (who is cared for, nothing more) for staff."""
        if self.env.user.has_group(CASEWORK):
            return self.env["ir.actions.act_window"]._for_xml_id("kuemmerer_addon.kuemmerer_resident_action")
        return self.env["ir.actions.act_window"]._for_xml_id("kuemmerer_addon.res_partner_action_resident")

    def action_kuemmerer_open_case_file(self):
        self.ensure_one()
        resident = self.env["kuemmerer.resident"].search([("partner_id", "=", self.id)], limit=1)
        if not resident:
            raise UserError(
                self.env._("You do not look after %(name)s.", name=self.display_name)
            )
        return resident.get_formview_action()

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
    # TOOLS (the services own the rules; these read them for one partner)
    # ------------------------------------------------------------

    def _kuemmerer_has_case_file(self):
        self.ensure_one()
        return self.env["kuemmerer.responsibility"]._has_case_file(self)

    def _kuemmerer_holders(self):
        self.ensure_one()
        return self.env["kuemmerer.responsibility"]._holders(self)

    def _kuemmerer_in_care(self, user=None):
        return self.env["kuemmerer.responsibility"]._in_care(self, user)

    def _kuemmerer_check_in_care(self):
        self.env["kuemmerer.responsibility"]._check_in_care(self)

    def _kuemmerer_volunteer_quarters(self):
        self.ensure_one()
        return self.env["kuemmerer.volunteer"]._quarters(self)
