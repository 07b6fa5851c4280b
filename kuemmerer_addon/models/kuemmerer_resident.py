# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools.sql import create_index

from ..const import CASEWORK, MANAGER
from .kuemmerer_radar import RADAR_STALE_INDEX, RADAR_STALE_KEY

ATTENTION_DEPENDS = (
    "partner_id.is_resident",
    "lives_alone",
    "partner_id.contact_interval_days",
    "partner_id.last_contact_date",
    "partner_id.next_contact_date",
    "partner_id.need_ids.state",
    "partner_id.need_ids.category_id.is_attention_relevant",
    "partner_id.kuemmerer_attendee_ids.state",
    "partner_id.kuemmerer_attendee_ids.kuemmerer_attendance",
)


class KuemmererResident(models.Model):
    """The resident's case file: the person (a ``res.partner`` with
    ``is_resident``, through ``_inherits``) and the care data that only the
    Kümmerer responsible for the resident and the coordinators may read.

    The care data lives here and not on the partner: every internal user can
    read every partner, and field groups cannot tell one quarter from another.
    The record rules of this model can (as ``hr.employee`` beside
    ``res.partner``). Every resident partner has exactly one case file."""

    _name = "kuemmerer.resident"
    _inherit = ["kuemmerer.casework.thread", "mail.activity.mixin"]
    _inherits = {"res.partner": "partner_id"}
    _description = "Resident"
    _order = "name, id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        ondelete="cascade",
        index=True,
        auto_join=True,
    )
    # living situation
    birthdate = fields.Date(string="Date of Birth", groups=CASEWORK, tracking=True)
    age = fields.Integer(compute="_compute_age", groups=CASEWORK)
    lives_alone = fields.Boolean(groups=CASEWORK, tracking=True)
    mobility = fields.Selection(
        [
            ("independent", "Independent"),
            ("walking_aid", "Walking aid"),
            ("wheelchair", "Wheelchair"),
            ("housebound", "Housebound"),
        ],
        groups=CASEWORK,
        tracking=True,
    )
    preferred_language = fields.Char(
        groups=CASEWORK, help="e.g. German, Russian, Turkish"
    )
    care_level = fields.Selection(
        [
            ("none", "None"),
            ("applied", "Applied for"),
            ("1", "1"),
            ("2", "2"),
            ("3", "3"),
            ("4", "4"),
            ("5", "5"),
        ],
        string="Care Level (Pflegegrad)",
        groups=CASEWORK,
        tracking=True,
        help="Decides which tandem programmes fit: Alltagsbegleitung is for people "
        "without a "
        "care level, neighbourly help (§ 45a SGB XI) for people with one.",
    )
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
    # attention level: stored so that it can be searched and grouped; the
    # daily radar recomputes it when a contact becomes overdue
    attention_level = fields.Integer(
        compute="_compute_attention_level",
        store=True,
        index=True,
        groups=CASEWORK,
        help="0-3: how many of these apply: contact overdue, lives alone, an open "
        "need of a "
        "category that raises attention, did not come to the last neighbourhood event "
        "they "
        "had accepted.",
    )
    attention_contact_overdue = fields.Boolean(
        compute="_compute_attention_level",
        store=True,
        groups=CASEWORK,
        help="Whether the stored attention level counts an overdue contact.",
    )
    attention_reason = fields.Text(
        string="Why this Attention Level",
        compute="_compute_attention_reason",
        groups=CASEWORK,
    )
    # the contact radar's view of the partner, stored here for its index
    radar_watch = fields.Boolean(
        compute="_compute_radar_keys",
        store=True,
        groups=CASEWORK,
        help="The resident is watched by the contact radar.",
    )
    radar_due_date = fields.Date(
        compute="_compute_radar_keys",
        store=True,
        groups=CASEWORK,
        help="From this day on the contact is overdue; empty when never contacted.",
    )
    # preventive home visits
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
        help="Of the quarter's home visit age or with attention level 2 or more, and "
        "no home "
        "visit within the quarter's visit interval.",
    )
    # smart buttons
    contact_count = fields.Integer(compute="_compute_counts", groups=CASEWORK)
    visit_count = fields.Integer(compute="_compute_counts", groups=CASEWORK)
    consent_count = fields.Integer(compute="_compute_counts", groups=CASEWORK)
    # what the current user may do
    can_hand_over = fields.Boolean(compute="_compute_can_hand_over")

    _sql_constraints = [
        ("partner_uniq", "unique(partner_id)", "A resident has only one case file."),
    ]

    @api.depends("birthdate")
    @api.depends_context("uid")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for resident in self:
            resident.age = (
                relativedelta(today, resident.birthdate).years
                if resident.birthdate
                else 0
            )

    @api.depends(*ATTENTION_DEPENDS)
    def _compute_attention_level(self):
        criteria = self.env["kuemmerer.radar"]._attention_criteria(self)
        for resident in self:
            found = criteria.get(resident.id, {})
            resident.attention_level = min(3, len(found))
            resident.attention_contact_overdue = "contact_overdue" in found

    @api.depends(*ATTENTION_DEPENDS)
    @api.depends_context("uid")
    def _compute_attention_reason(self):
        Radar = self.env["kuemmerer.radar"]
        criteria = Radar._attention_criteria(self)
        for resident in self:
            found = criteria.get(resident.id, {})
            lines = [Radar._attention_text(resident, key, found[key]) for key in found]
            resident.attention_reason = "\n".join(
                "• " + line for line in lines
            ) or self.env._("Nothing stands out at the moment.")

    @api.depends(
        "partner_id.is_resident",
        "partner_id.active",
        "partner_id.contact_interval_days",
        "partner_id.next_contact_date",
    )
    def _compute_radar_keys(self):
        for resident in self:
            partner = resident.partner_id
            resident.radar_watch = bool(
                partner.is_resident
                and partner.active
                and partner.contact_interval_days > 0
            )
            resident.radar_due_date = partner.next_contact_date

    def _compute_visit_dates(self):
        dates = self.env["kuemmerer.visit.planning"]._visit_dates(
            self._origin.partner_id
        )
        for resident in self:
            last, following = dates.get(resident._origin.partner_id.id, (False, False))
            resident.last_visit_date = last
            resident.next_visit_date = following

    @api.depends_context("uid")
    def _compute_visit_due(self):
        origin_ids = [rid for rid in self._origin.ids if rid]
        due = set()
        if origin_ids:
            due = set(
                self.search([("id", "in", origin_ids), ("visit_due", "=", True)]).ids
            )
        for resident in self:
            resident.visit_due = resident._origin.id in due

    def _search_visit_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("This search is not supported."))
        domain = self.env["kuemmerer.visit.planning"]._due_domain()
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    @api.depends_context("uid")
    def _compute_counts(self):
        # counted as the user: rules decide what is counted
        partner_ids = self._origin.partner_id.ids
        counts = {}
        for model, fname in (
            ("kuemmerer.contact", "contact_count"),
            ("kuemmerer.visit", "visit_count"),
            ("kuemmerer.consent", "consent_count"),
        ):
            Model = self.env[model]
            if partner_ids and Model.has_access("read"):
                counts[fname] = dict(
                    Model._read_group(
                        [("partner_id", "in", partner_ids)], ["partner_id"], ["__count"]
                    )
                )
            else:
                counts[fname] = {}
        for resident in self:
            partner = resident._origin.partner_id
            for fname, by_partner in counts.items():
                resident[fname] = by_partner.get(partner, 0)

    @api.depends_context("uid")
    def _compute_can_hand_over(self):
        is_manager = self.env.user.has_group(MANAGER)
        Responsibility = self.env["kuemmerer.responsibility"]
        for resident in self:
            resident.can_hand_over = is_manager or (
                bool(resident._origin.id)
                and self.env.user in Responsibility._holders(resident.partner_id)
            )

    @api.constrains("birthdate")
    def _check_birthdate(self):
        today = fields.Date.context_today(self)
        if any(resident.birthdate and resident.birthdate > today for resident in self):
            raise ValidationError(
                self.env._("The date of birth lies in the future. Please check it.")
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """One case file per resident: a file asked for a partner that has
        one already (every resident partner gets it on creation) updates that
        file instead, so data files and clients may simply create it."""
        Partner = self.env["res.partner"]
        existing = {}
        partner_ids = [
            vals["partner_id"] for vals in vals_list if vals.get("partner_id")
        ]
        if partner_ids:
            for resident in (
                self.sudo()
                .with_context(active_test=False)
                .search([("partner_id", "in", partner_ids)])
            ):
                existing[resident.partner_id.id] = resident
        new_vals, result = [], []
        for vals in vals_list:
            resident = existing.get(vals.get("partner_id"))
            if resident:
                resident = resident.with_env(self.env)
                resident.write(
                    {key: value for key, value in vals.items() if key != "partner_id"}
                )
                result.append(resident.id)
                continue
            vals = dict(vals)
            if vals.get("partner_id"):
                Partner.browse(vals["partner_id"]).with_context(
                    kuemmerer_resident_file=True
                ).write({"is_resident": True})
            else:
                vals.setdefault("is_resident", True)
                vals.setdefault("type", "contact")
                vals.setdefault("is_company", False)
                vals.setdefault("company_id", self.env.company.id)
            new_vals.append(vals)
            result.append(None)
        created = iter(
            super(
                KuemmererResident, self.with_context(kuemmerer_resident_file=True)
            ).create(new_vals)
        )
        return self.browse([rid or next(created).id for rid in result])

    def write(self, vals):
        if self.env.context.get("import_file") and len(self) == 1:
            vals = self.env["kuemmerer.resident.import"]._kuemmerer_changed_vals(
                self, vals
            )
            if not vals:
                return True
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_coordinator(self):
        if not self.env.su and not self.env.user.has_group(MANAGER):
            raise UserError(
                self.env._(
                    "Only the coordination may delete a resident's file. To erase a "
                    "person, "
                    "ask the coordination for the anonymisation."
                )
            )

    # ------------------------------------------------------------
    # IMPORT
    # ------------------------------------------------------------

    @api.model
    def get_import_templates(self):
        folder = "/kuemmerer_addon/static/xls"
        return [
            {
                "label": self.env._("Import Template for Residents (Excel)"),
                "template": f"{folder}/kuemmerer_residents_import.xlsx",
            },
            {
                "label": self.env._("Import Template for Residents (CSV)"),
                "template": f"{folder}/kuemmerer_residents_import.csv",
            },
        ]

    def load(self, fields, data):
        """Residents by tenant number: a known number updates its resident,
        broken rows are rejected with a message while the others are imported."""
        Import = self.env["kuemmerer.resident.import"]
        if not Import._kuemmerer_applies(fields):
            return super().load(fields, data)
        new_fields, rows, origin, rejected, nextrow, unchanged = (
            Import._kuemmerer_prepare(fields, data)
        )
        result = super(KuemmererResident, self.with_context(_import_limit=None)).load(
            new_fields, rows
        )
        if result.get("ids") and "building_id" not in fields:
            Import._kuemmerer_fill_buildings(result["ids"])
        return Import._kuemmerer_merge(result, origin, rejected, nextrow, unchanged)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_log_contact(self):
        self.ensure_one()
        return self.env["kuemmerer.contact"]._kuemmerer_action_log(self.partner_id)

    def action_plan_visit(self):
        self.ensure_one()
        return self.env["kuemmerer.visit.planning"]._action_plan(self.partner_id)

    def action_view_needs(self):
        self.ensure_one()
        return self.partner_id.action_kuemmerer_view_needs()

    def action_view_contacts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kuemmerer_addon.kuemmerer_contact_action"
        )
        action["domain"] = [("partner_id", "=", self.partner_id.id)]
        action["context"] = {"default_partner_id": self.partner_id.id, "create": True}
        return action

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kuemmerer_addon.kuemmerer_visit_action"
        )
        action["domain"] = [("partner_id", "=", self.partner_id.id)]
        action["context"] = {"default_partner_id": self.partner_id.id, "create": True}
        return action

    def action_view_consents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kuemmerer_addon.kuemmerer_consent_action"
        )
        action["domain"] = [("partner_id", "=", self.partner_id.id)]
        action["context"] = {"default_partner_id": self.partner_id.id, "create": True}
        return action

    def action_open_handover(self):
        self.ensure_one()
        self._kuemmerer_check_can_hand_over()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Hand Over Resident"),
            "res_model": "kuemmerer.handover.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_resident_id": self.id},
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kuemmerer_check_can_hand_over(self):
        for resident in self:
            if not resident.can_hand_over:
                raise UserError(
                    self.env._(
                        "Only the Kümmerer responsible for %(name)s now, or the "
                        "coordination, can "
                        "hand this resident over.",
                        name=resident.name,
                    )
                )

    def _kuemmerer_hand_over(self, user, note=False):
        """Make ``user`` responsible for the residents of ``self``: logged on
        the file, with an activity for the receiver. Checked here, written as
        superuser (nobody else may write who is responsible)."""
        self._kuemmerer_check_can_hand_over()
        if not user or not user.has_group(CASEWORK) or user.share:
            raise UserError(
                self.env._("Please choose a Kümmerer who takes the resident over.")
            )
        Responsibility = self.env["kuemmerer.responsibility"]
        previous_holders = {
            resident.id: Responsibility._holders(resident.partner_id)
            for resident in self
        }
        self.partner_id.sudo().with_context(kuemmerer_handover=True).write(
            {"kuemmerer_user_id": user.id}
        )
        for resident in self:
            previous = previous_holders[resident.id]
            body = self.env._(
                "Handed over from %(old)s to %(new)s by %(by)s.",
                old=", ".join(previous.mapped("name")) or self.env._("nobody"),
                new=user.name,
                by=self.env.user.name,
            )
            if note:
                body = f"{body}\n{note}"
            resident.sudo().message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_note"
            )
            Activity = self.env["kuemmerer.activity"]
            _ = Activity._kuemmerer_lang(user)
            Activity._kuemmerer_schedule(
                [
                    {
                        "record": resident,
                        "user_id": user.id,
                        "summary": _("Resident handed over to you"),
                        "note": note or False,
                    }
                ]
            )
        return True

    def init(self):
        res = super().init()
        create_index(self.env.cr, RADAR_STALE_INDEX, self._table, [RADAR_STALE_KEY])
        return res
