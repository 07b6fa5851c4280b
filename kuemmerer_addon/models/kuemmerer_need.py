# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from ..const import CASEWORK

OPEN_STATES = ("new", "assessed", "in_progress")
# the chain overview: each step's state as an icon and a colour
STEP_ICONS = {
    "done": "fa-check",
    "todo": "fa-arrow-right",
    "waiting": "fa-clock-o",
    "failed": "fa-times",
    "skipped": "fa-share",
}
STEP_COLOURS = {
    "done": "success",
    "todo": "primary",
    "waiting": "secondary",
    "failed": "danger",
    "skipped": "secondary",
}


class KuemmererNeed(models.Model):
    _name = "kuemmerer.need"
    _inherit = [
        "kuemmerer.casework.thread",
        "mail.activity.mixin",
        "kuemmerer.sensitive.mixin",
        "kuemmerer.resident.record",
    ]
    _description = "Need"
    _kuemmerer_sensitive_fields = ("description",)
    _order = "priority desc, date_detected desc, id desc"
    _rec_names_search = ["name", "partner_id.name", "category_id.name"]

    # reference
    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default="/",
        index="trigram",
    )
    # who and what
    partner_id = fields.Many2one(
        "res.partner",
        string="Resident",
        required=True,
        index=True,
        tracking=True,
        domain=[("is_resident", "=", True)],
        ondelete="restrict",
    )
    category_id = fields.Many2one(
        "kuemmerer.need.category",
        string="Category",
        required=True,
        index=True,
        tracking=True,
    )
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Important"), ("2", "Urgent"), ("3", "Very urgent")],
        default="0",
        index=True,
        tracking=True,
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("assessed", "Assessed"),
            ("in_progress", "In progress"),
            ("resolved", "Resolved"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="new",
        index=True,
        tracking=True,
        group_expand=True,
    )
    reported_by_id = fields.Many2one(
        "res.users",
        string="Hint Reported by",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The staff member who reported the hint; they see its state, nothing "
        "else.",
    )
    source = fields.Selection(
        [
            ("resident", "Resident themself"),
            ("kuemmerer", "Kümmerer"),
            ("relative", "Relative or neighbour"),
            ("staff_hint", "Hint from staff"),
            ("provider", "Network partner"),
            ("home_visit", "Preventive home visit"),
            ("event", "Neighbourhood event"),
            ("other", "Other"),
        ],
        default="kuemmerer",
        required=True,
        index=True,
    )
    description = fields.Text(groups=CASEWORK)
    # organisation
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        domain=lambda self: [("groups_id", "in", self.env.ref(CASEWORK).id)],
    )
    quarter_id = fields.Many2one(
        "kuemmerer.quarter",
        compute="_compute_quarter_id",
        store=True,
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True, required=True
    )
    color = fields.Integer(related="category_id.color")
    # dates
    date_detected = fields.Date(
        string="Detected on",
        required=True,
        default=fields.Date.context_today,
        index=True,
    )
    date_resolved = fields.Date(
        string="Resolved on", readonly=True, copy=False, index=True
    )
    date_closed = fields.Date(
        string="Closed on",
        readonly=True,
        copy=False,
        index=True,
        help="When the need was resolved or cancelled; the retention period starts "
        "here.",
    )
    retention_done = fields.Boolean(
        readonly=True,
        copy=False,
        help="The confidential texts were erased after the retention period.",
    )
    # help
    contact_ids = fields.One2many("kuemmerer.contact", "need_id", string="Contacts")
    chain_ids = fields.One2many("kuemmerer.help.chain", "need_id", string="Help Chains")
    step_ids = fields.One2many("kuemmerer.help.step", "need_id", string="Help Steps")
    goal_ids = fields.One2many("kuemmerer.need.goal", "need_id", string="Help Plan")
    current_step_id = fields.Many2one(
        "kuemmerer.help.step", compute="_compute_current_step_id", string="Next Step"
    )
    chain_overview = fields.Html(
        string="Help Chain Overview",
        compute="_compute_chain_overview",
        sanitize=False,
        groups=CASEWORK,
    )
    # reporting: stored so that they can be grouped and averaged
    date_first_step = fields.Date(
        string="First Step Done on", compute="_compute_reporting_durations", store=True
    )
    days_to_first_step = fields.Integer(
        string="Days to First Step",
        compute="_compute_reporting_durations",
        store=True,
        aggregator="avg",
        help="Days from detection until the first help step was done.",
    )
    days_to_resolution = fields.Integer(
        string="Days to Resolution",
        compute="_compute_reporting_durations",
        store=True,
        aggregator="avg",
        help="Days from detection until the need was resolved.",
    )
    has_overdue_step = fields.Boolean(
        string="Had Overdue Step",
        compute="_compute_has_overdue_step",
        store=True,
        help="A help step was escalated as overdue or ended after its due date.",
    )

    @api.depends("name", "category_id.name", "partner_id.name")
    def _compute_display_name(self):
        """'Category – Resident (reference)': what the need is about, in
        activities, pickers, the chatter and notifications to colleagues.

        Only what everybody who may see the need at all already sees in its
        list is used: the category (a coarse, configured term such as
        "Einsamkeit") and the resident's name. Never the description, the
        priority or anything typed about the situation: a record name is
        copied into activities (``res_name``), messages (``record_name``) and
        e-mail headers, and many2one values are shown with the superuser's
        display name. Staff, who may read the needs of their own hints, see
        the same two facts in their hint list. The reference stays, so that
        two needs of one person in one category can be told apart."""
        for need in self:
            parts = [need.category_id.name, need.partner_id.name]
            label = " – ".join(part for part in parts if part)
            if label and need.name and need.name != "/":
                need.display_name = f"{label} ({need.name})"
            else:
                need.display_name = label or need.name

    @api.depends("partner_id.quarter_id")
    def _compute_quarter_id(self):
        for need in self:
            need.quarter_id = need.partner_id.quarter_id

    @api.depends("step_ids.state", "step_ids.sequence")
    def _compute_current_step_id(self):
        for need in self:
            todo = need.step_ids.filtered(lambda s: s.state == "todo")
            need.current_step_id = todo.sorted(
                lambda s: (s.date_deadline or fields.Date.today(), s.id)
            )[:1]

    @api.depends(
        "date_detected",
        "date_resolved",
        "state",
        "step_ids.state",
        "step_ids.date_done",
    )
    def _compute_reporting_durations(self):
        for need in self:
            done_dates = [
                step.date_done
                for step in need.step_ids
                if step.state == "done" and step.date_done
            ]
            first = min(done_dates) if done_dates else False
            need.date_first_step = first
            need.days_to_first_step = (
                max((first - need.date_detected).days, 0)
                if first and need.date_detected
                else 0
            )
            resolved = (
                need.state == "resolved" and need.date_resolved and need.date_detected
            )
            need.days_to_resolution = (
                max((need.date_resolved - need.date_detected).days, 0)
                if resolved
                else 0
            )

    @api.depends(
        "step_ids.is_escalated", "step_ids.date_done", "step_ids.date_deadline"
    )
    def _compute_has_overdue_step(self):
        for need in self:
            need.has_overdue_step = any(
                step.is_escalated
                or (
                    step.date_done
                    and step.date_deadline
                    and step.date_done > step.date_deadline
                )
                for step in need.step_ids
            )

    @api.depends(
        "step_ids.state",
        "step_ids.sequence",
        "step_ids.name",
        "step_ids.date_deadline",
        "step_ids.user_id",
        "step_ids.provider_id",
        "step_ids.volunteer_id",
    )
    def _compute_chain_overview(self):
        """The help chain at a glance: one box per step, in order, with its
        state, who does it and by when (all values escaped). HTML, not XML:
        every tag is closed explicitly (a self-closed ``<i/>`` stays open in
        the browser and nests every following box inside it)."""
        states = dict(
            self.env["kuemmerer.help.step"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        today = fields.Date.context_today(self)
        for need in self:
            boxes = []
            for step in need.step_ids.sorted(
                lambda s: (s.chain_id.id, s.sequence, s.id)
            ):
                boxes.append(need._kuemmerer_step_box(step, states, today))
            need.chain_overview = (
                Markup('<div class="d-flex flex-wrap">%s</div>')
                % Markup("").join(boxes)
                if boxes
                else False
            )

    def _kuemmerer_step_box(self, step, states, today):
        """One step of the chain overview (all values escaped)."""
        who = step.provider_id or step.volunteer_id or step.user_id
        overdue = (
            step.state == "todo" and step.date_deadline and step.date_deadline < today
        )
        return Markup(
            '<div class="border rounded p-2 me-2 mb-2 border-{colour}" '
            'style="min-width: 11rem;">'
            '<div class="text-{colour} fw-bold"><i class="fa {icon}" '
            'aria-hidden="true"></i> {state}</div>'
            '<div>{name}</div><div class="small text-muted">{who}</div>'
            '<div class="small {deadline_class}">{deadline}</div></div>'
        ).format(
            colour=STEP_COLOURS[step.state],
            icon=STEP_ICONS[step.state],
            state=states[step.state],
            name=step.name,
            who=who.display_name or "",
            deadline_class="text-danger fw-bold" if overdue else "text-muted",
            deadline=format_date(self.env, step.date_deadline)
            if step.date_deadline
            else "",
        )

    def _kuemmerer_not_resident_text(self):
        return self.env._(
            "Needs can only be recorded for residents. Please mark the person as a "
            "resident first."
        )

    @api.constrains("date_detected")
    def _check_date_detected(self):
        today = fields.Date.context_today(self)
        if any(need.date_detected > today for need in self):
            raise ValidationError(
                self.env._("A need cannot be detected in the future.")
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("kuemmerer.need") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_print_help_plan(self):
        """The help plan in large type, for the resident to keep."""
        self.ensure_one()
        if not self.goal_ids.filtered(lambda g: g.state != "dropped"):
            raise UserError(self.env._("Please add the goals of the help plan first."))
        report = self.env.ref("kuemmerer_addon.action_report_kuemmerer_help_plan")
        return report.report_action(self)

    def _check_state(self, allowed, message):
        """Raise ``message`` (formatted with the need's reference and state)
        when a need of ``self`` is not in one of the ``allowed`` states."""
        wrong = self.filtered(lambda need: need.state not in allowed)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                message % {"name": wrong[0].name, "state": states[wrong[0].state]}
            )

    def action_apply_chain_template(self, template_id):
        """Start a help chain from a template: its steps with deadlines, the
        first one due (with an activity), and the need in progress.
        Returns the new kuemmerer.help.chain."""
        self.ensure_one()
        try:
            template_id = int(template_id)
        except (TypeError, ValueError):
            template_id = 0
        template = (
            self.env["kuemmerer.help.chain.template"].browse(template_id).exists()
        )
        if not template:
            raise UserError(self.env._("Please choose a help chain template."))
        self._check_state(
            OPEN_STATES,
            self.env._(
                "A help chain cannot be started for %(name)s: the need is '%(state)s'."
            ),
        )
        if not template.step_ids:
            raise UserError(
                self.env._(
                    "The template '%(template)s' has no steps. Please add steps to it "
                    "first.",
                    template=template.name,
                )
            )
        chain = self.env["kuemmerer.help.chain"].create(
            template._kuemmerer_chain_values(self)
        )
        chain.action_start()
        if self.state in ("new", "assessed"):
            self.action_start()
        return chain

    def action_open_apply_chain_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Start Help Chain"),
            "res_model": "kuemmerer.apply.chain.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_need_id": self.id,
                "default_template_id": self.category_id.chain_template_id.id,
            },
        }

    def action_find_providers(self):
        """Network partners offering a service type suggested for the need's
        category and serving the resident's quarter (or every quarter)."""
        self.ensure_one()
        domain = self.env["kuemmerer.provider"]._serving_domain(
            self.category_id.service_type_ids, self.quarter_id
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kuemmerer_addon.res_partner_action_provider"
        )
        action.update(
            {
                "name": self.env._("Network partners for %(name)s", name=self.name),
                "domain": domain,
                "context": {"create": False},
            }
        )
        return action

    def action_assess(self):
        self._check_state(
            ("new",),
            self.env._(
                "Only new needs can be assessed. %(name)s is already '%(state)s'."
            ),
        )
        self.write({"state": "assessed"})
        return True

    def action_start(self):
        self._check_state(
            ("new", "assessed"),
            self.env._("Help for %(name)s cannot be started: the need is '%(state)s'."),
        )
        self.write({"state": "in_progress"})
        return True

    def action_resolve(self):
        self._check_state(
            OPEN_STATES,
            self.env._(
                "%(name)s cannot be resolved: the need is '%(state)s'. "
                "Reopen it first if help is needed again."
            ),
        )
        today = fields.Date.context_today(self)
        self._kuemmerer_end_chains()
        self.write({"state": "resolved", "date_resolved": today, "date_closed": today})
        return True

    def _kuemmerer_end_chains(self):
        """A closed need ends its help chains: no step stays due, is escalated
        or shown to a volunteer as a task."""
        self.chain_ids.filtered(
            lambda c: c.state in ("draft", "running")
        ).action_cancel()

    def action_cancel(self):
        self._check_state(
            OPEN_STATES,
            self.env._(
                "%(name)s cannot be cancelled: the need is already '%(state)s'."
            ),
        )
        self._kuemmerer_end_chains()
        self.write(
            {
                "state": "cancelled",
                "date_resolved": False,
                "date_closed": fields.Date.context_today(self),
            }
        )
        return True

    def action_reopen(self):
        self._check_state(
            ("resolved", "cancelled"),
            self.env._("%(name)s is still open ('%(state)s') and cannot be reopened."),
        )
        self.write({"state": "assessed", "date_resolved": False, "date_closed": False})
        return True
