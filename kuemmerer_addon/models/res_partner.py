# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

CASEWORK = "kuemmerer_addon.group_kuemmerer_user"
STAFF = "kuemmerer_addon.group_kuemmerer_staff"


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
    contact_interval_days = fields.Integer(
        string="Contact Interval (days)",
        groups=STAFF,
        help="Get in touch at least every so many days. 0 = not watched.",
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
