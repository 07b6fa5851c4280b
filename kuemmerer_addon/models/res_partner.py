# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.sql import create_index

from ..const import CASEWORK, MANAGER, STAFF
from .kuemmerer_char_limit_mixin import check_char_limits
from .kuemmerer_radar import RADAR_TODO_INDEX, RADAR_TODO_KEY

# indexed text fields: a clear message instead of the index's error
CHAR_LIMITS = {"name": 500, "tenant_number": 64, "flat_number": 64}
VOLUNTEER_STATES = [
    ("interested", "Interested"),
    ("active", "Active"),
    ("paused", "Paused"),
    ("ended", "Ended"),
]


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
        index=True,
        copy=False,
        groups=STAFF,
        help="Number of the tenant in the housing system; used to match residents on "
        "re-import.",
    )
    flat_number = fields.Char(
        string="Flat", groups=STAFF, help="Number or position of the flat."
    )
    kuemmerer_user_id = fields.Many2one(
        "res.users",
        string="Responsible Kümmerer",
        index=True,
        groups=STAFF,
        help="Leave empty to make the Kümmerer of the quarter responsible.",
    )
    trusted_person_ids = fields.One2many(
        "kuemmerer.trusted.person",
        "partner_id",
        string="Trusted Persons",
        groups=CASEWORK,
    )
    # contact radar
    contact_ids = fields.One2many(
        "kuemmerer.contact", "partner_id", string="Contact Log", groups=CASEWORK
    )
    contact_interval_use_quarter = fields.Boolean(
        string="Quarter Default",
        default=True,
        groups=STAFF,
        help="Use the default contact interval of the quarter. Untick to set an own "
        "interval.",
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
        help="Get in touch at least every so many days: the resident's own "
        "interval or the quarter's default. 0 = not watched.",
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
        compute="_compute_contact_overdue",
        search="_search_contact_overdue",
        groups=STAFF,
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
    need_ids = fields.One2many(
        "kuemmerer.need", "partner_id", string="Needs", groups=CASEWORK
    )
    open_need_count = fields.Integer(
        compute="_compute_open_need_count", groups=CASEWORK
    )
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
    building_id = fields.Many2one(  # the building or stairwell the resident lives in
        "kuemmerer.building",
        string="Building",
        index="btree_not_null",
        ondelete="restrict",
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
        "kuemmerer.volunteer.availability",
        "partner_id",
        string="Availability",
        groups=STAFF,
    )
    volunteer_agreement_date = fields.Date(
        string="Volunteer Agreement Signed on", groups=STAFF
    )
    volunteer_qualification_ids = fields.One2many(
        "kuemmerer.volunteer.qualification",
        "partner_id",
        string="Qualifications",
        groups=CASEWORK,
    )
    police_certificate_date = fields.Date(  # the latest, among the qualifications
        string="Extended Police Certificate of",
        compute="_compute_police_certificate_date",
        inverse="_inverse_police_certificate_date",
        groups=CASEWORK,
        help="Date of issue of the extended police certificate (erweitertes "
        "Führungszeugnis). It is asked for again after five years.",
    )
    police_certificate_due = fields.Boolean(
        compute="_compute_police_certificate_due",
        search="_search_police_certificate_due",
        groups=CASEWORK,
    )
    volunteer_registration_ids = fields.One2many(
        "kuemmerer.shift.registration",
        "partner_id",
        string="Shift Registrations",
        groups=STAFF,
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
        last = self.env["kuemmerer.radar"]._last_contact_dates(self)
        for partner in self:
            partner.last_contact_date = last.get(partner.id, False)

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
            interval, last = partner.contact_interval_days, partner.last_contact_date
            partner.next_contact_date = (
                last + timedelta(days=interval) if interval > 0 and last else False
            )

    @api.depends("next_contact_date", "contact_interval_days")
    @api.depends_context("uid")
    def _compute_contact_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.contact_overdue = partner.contact_interval_days > 0 and (
                not partner.last_contact_date or partner.next_contact_date < today
            )

    def _search_contact_overdue(self, operator, value):
        return self.env["kuemmerer.radar"]._overdue_domain(operator, value)

    @api.depends("last_contact_date")
    @api.depends_context("uid")
    def _compute_days_since_last_contact(self):
        today = fields.Date.context_today(self)
        for partner in self:
            last = partner.last_contact_date
            partner.days_since_last_contact = (today - last).days if last else 0

    @api.depends_context("uid")
    def _compute_open_need_count(self):
        counts = self.env["kuemmerer.responsibility"]._open_need_counts(self._origin)
        for partner in self:
            partner.open_need_count = counts.get(partner._origin.id, 0)

    def _compute_is_cared_for(self):
        Responsibility = self.env["kuemmerer.responsibility"]
        cared = set(Responsibility._cared_for_ids(self._origin.ids))
        for partner in self:
            partner.is_cared_for = partner._origin.id in cared

    def _search_is_cared_for(self, operator, value):
        return self.env["kuemmerer.responsibility"]._cared_for_domain(operator, value)

    def _compute_kuemmerer_resident_id(self):
        for partner in self:
            partner.kuemmerer_resident_id = partner.kuemmerer_resident_ids[:1]

    @api.depends_context("uid")
    def _compute_kuemmerer_can_assign(self):
        has_case_file = self.env["kuemmerer.responsibility"]._has_case_file
        is_manager = self.env.user.has_group(MANAGER)
        for partner in self:
            partner.kuemmerer_can_assign = is_manager or not has_case_file(partner)

    @api.depends("volunteer_qualification_ids.date")
    def _compute_police_certificate_date(self):
        dates = self.env["kuemmerer.volunteer"]._police_certificate_state(self)[0]
        for partner in self:
            partner.police_certificate_date = dates.get(partner.id, False)

    @api.depends("is_volunteer", "volunteer_state", "volunteer_qualification_ids.date")
    @api.depends_context("uid")
    def _compute_police_certificate_due(self):
        due = self.env["kuemmerer.volunteer"]._police_certificate_state(self)[1]
        for partner in self:
            partner.police_certificate_due = partner in due

    def _inverse_police_certificate_date(self):
        self.env["kuemmerer.volunteer"]._set_police_certificate_dates(self)

    def _search_police_certificate_due(self, operator, value):
        return self.env["kuemmerer.volunteer"]._police_due_domain(operator, value)

    def _compute_volunteer_hours(self):
        totals = self.env["kuemmerer.volunteer"]._hours_this_year(self)
        for partner in self:
            hours, count = totals.get(partner.id, (0.0, 0))
            partner.volunteer_hours_year = hours
            partner.volunteer_shift_count = count

    @api.constrains("contact_interval_days", "contact_interval_own_days")
    def _check_contact_interval_days(self):
        if any(
            partner.contact_interval_days < 0 or partner.contact_interval_own_days < 0
            for partner in self.sudo()
        ):
            raise ValidationError(
                self.env._(
                    "The contact interval cannot be negative. Enter 0 to stop watching."
                )
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
        Import = self.env["kuemmerer.resident.import"]
        if self.env.context.get("import_file") and len(self) == 1 and self.is_resident:
            vals = Import._kuemmerer_changed_vals(self, vals)
            if not vals:
                return True
        check_char_limits(self, vals, CHAR_LIMITS)
        Responsibility = self.env["kuemmerer.responsibility"]
        Responsibility._check_write(self, vals)
        if vals.get("tenant_number"):
            Import._kuemmerer_check_tenant_number_write(self, vals)
        res = super().write(vals)
        if vals.get("is_resident"):
            Responsibility._ensure_case_file(self)
        if {"is_volunteer", "volunteer_state", "police_certificate_date"} & set(vals):
            self.env["kuemmerer.volunteer"]._check_police_certificate(self)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_resident(self):
        self.env["kuemmerer.responsibility"]._check_unlink(self)

    def get_formview_action(self, access_uid=None):
        """A resident opens as their case file, for whom may read it."""
        Responsibility = self.env["kuemmerer.responsibility"]
        action = Responsibility._case_file_formview(self, access_uid)
        return action or super().get_formview_action(access_uid=access_uid)

    def init(self):
        res = super().init()
        create_index(self.env.cr, RADAR_TODO_INDEX, self._table, [RADAR_TODO_KEY])
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    @api.model
    def _kuemmerer_action_residents(self):
        """The residents menu: the case files for who does casework, the
        list of residents (who is cared for, nothing more) for staff."""
        if self.env.user.has_group(CASEWORK):
            xmlid = "kuemmerer_addon.kuemmerer_resident_action"
        else:
            xmlid = "kuemmerer_addon.res_partner_action_resident"
        return self.env["ir.actions.act_window"]._for_xml_id(xmlid)

    def action_kuemmerer_open_case_file(self):
        self.ensure_one()
        if not (resident := self.kuemmerer_resident_id):
            raise UserError(
                self.env._("You do not look after %(name)s.", name=self.display_name)
            )
        return resident.get_formview_action()

    def action_kuemmerer_view_needs(self):
        # "create": the radar's "create": False would hide "New" here
        return self._kuemmerer_own_records("kuemmerer_need_action", create=True)

    def action_kuemmerer_export_vcard(self):
        """Download the contact persons of a network partner as one .vcf file."""
        self.ensure_one()
        url = f"/kuemmerer/provider/{self.id}/vcard"
        return {"type": "ir.actions.act_url", "url": url, "target": "download"}

    def action_kuemmerer_grant_portal_access(self):
        self.ensure_one()
        return self.env["kuemmerer.volunteer"]._action_grant_portal_access(self)

    def action_kuemmerer_view_registrations(self):
        return self._kuemmerer_own_records("kuemmerer_shift_registration_action")

    def _kuemmerer_own_records(self, action, **context):
        """The addon's window action ``action`` on the person's records."""
        self.ensure_one()
        result = self.env["ir.actions.act_window"]._for_xml_id(
            f"kuemmerer_addon.{action}"
        )
        result["domain"] = [("partner_id", "=", self.id)]
        result["context"] = {"default_partner_id": self.id, **context}
        return result

    def action_kuemmerer_privacy_export_json(self):
        """Art. 15: everything the addon stores about the person, for machines."""
        return self.env["kuemmerer.privacy"]._action_export(self, "json")

    def action_kuemmerer_privacy_export_pdf(self):
        """Art. 15: the same as a letter for the person."""
        return self.env["kuemmerer.privacy"]._action_export(self, "pdf")

    def action_kuemmerer_anonymise(self):
        """Art. 17: erase the person, keep anonymous statistics."""
        for partner in self:
            self.env["kuemmerer.privacy"]._anonymise(partner)
        return True

    def action_kuemmerer_view_access_log(self):
        action = self._kuemmerer_own_records("kuemmerer_access_log_action")
        return {**action, "context": {}}

    def kuemmerer_action_link_intake(self):
        # a likely match offered by the public hint (kuemmerer.intake) of the context
        return self.env["kuemmerer.intake"]._kuemmerer_link_from_context(self)
